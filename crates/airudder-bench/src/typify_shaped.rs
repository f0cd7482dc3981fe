//! The baseline of what progenitor and every "reqwest + serde" client do with the
//! `getWorkflowTaskDetail` answer: the body read whole (`.bytes()`), then `serde_json::from_slice`
//! into types shaped as typify generates them from the spec: `f64` amounts, `HashMap` maps,
//! closed enums (a value the spec does not list fails the whole answer), members the spec does
//! not know dropped. Hand-written here so that the bench measures the shape, not a code generator
//! this workspace does not depend on.
#![allow(dead_code)] // Fields exist to be decoded, as in any generated client.

use std::collections::HashMap;

use serde::Deserialize;

// Where typify's shape and the hand-written reference's agree: plain structs of strings and
// integers, nothing kept beyond the named members.
pub use crate::reference::{AsrLine, Envelope, RedialCall};

#[derive(Debug, Deserialize)]
pub enum TaskStatus {
    #[serde(rename = "created")]
    Created,
    #[serde(rename = "pending")]
    Pending,
    #[serde(rename = "finished")]
    Finished,
    #[serde(rename = "calling")]
    Calling,
    #[serde(rename = "canceled")]
    Canceled,
    #[serde(rename = "paused")]
    Paused,
}

#[derive(Debug, Deserialize)]
pub enum RobotMethod {
    #[serde(rename = "single")]
    Single,
    #[serde(rename = "group")]
    Group,
}

#[derive(Debug, Deserialize)]
pub struct WorkflowTaskDetail {
    #[serde(rename = "TaskID")]
    pub task_id: String,
    #[serde(rename = "TaskName")]
    pub task_name: String,
    #[serde(rename = "RobotMethod")]
    pub robot_method: RobotMethod,
    #[serde(rename = "RobotID")]
    pub robot_id: String,
    #[serde(rename = "SIPLine")]
    pub sip_line: String,
    #[serde(rename = "Status")]
    pub status: TaskStatus,
    #[serde(rename = "ScheduleStartTime")]
    pub schedule_start_time: String,
    #[serde(rename = "ScheduleEndTime")]
    pub schedule_end_time: String,
    #[serde(rename = "RepeatInterval")]
    pub repeat_interval: i32,
    #[serde(rename = "RepeatNumber")]
    pub repeat_number: i32,
    pub detail: Vec<CallDetail>,
    pub workflow_id: String,
    pub workflow_name: String,
    pub nodetask_id: String,
    pub nodetask_name: String,
}

#[derive(Debug, Deserialize)]
pub struct CallDetail {
    pub id: i64,
    #[serde(rename = "RobotID")]
    pub robot_id: String,
    #[serde(rename = "CalleeName")]
    pub callee_name: String,
    #[serde(rename = "CalleeGender")]
    pub callee_gender: String,
    #[serde(rename = "CalleeNumber")]
    pub callee_number: String,
    #[serde(rename = "CallStartTime")]
    pub call_start_time: String,
    #[serde(rename = "CallEndTime")]
    pub call_end_time: String,
    #[serde(rename = "Status")]
    pub status: String,
    #[serde(rename = "Intention")]
    pub intention: String,
    pub intention_description: String,
    #[serde(rename = "CallID")]
    pub call_id: String,
    #[serde(rename = "CallTimes")]
    pub call_times: i32,
    #[serde(rename = "Comments")]
    pub comments: String,
    #[serde(rename = "PlatformName")]
    pub platform_name: String,
    #[serde(rename = "RingType")]
    pub ring_type: String,
    #[serde(rename = "HangupType")]
    pub hangup_type: String,
    #[serde(rename = "ExtraA")]
    pub extra_a: String,
    #[serde(rename = "ExtraB")]
    pub extra_b: String,
    #[serde(rename = "ExtraC")]
    pub extra_c: String,
    #[serde(rename = "AsrResult")]
    pub asr_result: Vec<AsrLine>,
    #[serde(rename = "EventLabel")]
    pub event_label: HashMap<String, String>,
    #[serde(rename = "RingTime")]
    pub ring_time: i32,
    #[serde(rename = "TalkRound")]
    pub talk_round: i32,
    #[serde(rename = "RedailCall")]
    pub redial_calls: Vec<RedialCall>,
    #[serde(rename = "NerSlots")]
    pub ner_slots: HashMap<String, String>,
    pub caller_number: String,
    #[serde(rename = "BorrowedDate")]
    pub borrowed_date: String,
    #[serde(rename = "DueDate")]
    pub due_date: String,
    #[serde(rename = "BorrowedAmount")]
    pub borrowed_amount: f64,
    #[serde(rename = "TotalOwingAmount")]
    pub total_owing_amount: f64,
    #[serde(rename = "CurrencyUnit")]
    pub currency_unit: String,
    pub case_id: String,
}
