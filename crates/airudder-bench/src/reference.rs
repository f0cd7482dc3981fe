//! The baseline of the decode measurement: the `getWorkflowTaskDetail` answer as a careful
//! engineer would write it by hand from AiRudder's page, with plain `#[derive(Deserialize)]` and
//! the same field types as the generated ones (so the comparison is the generator's, not the
//! types'). Maps are `airudder_models::Members`, as in the generated types: ordered pairs.
#![allow(dead_code)] // Fields exist to be decoded, as in any hand-written client.

use airudder_models::Members;

use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct Envelope<T> {
    pub data: Option<T>,
    pub status: String,
    pub code: i64,
    pub message: Option<String>,
}

/// Open, as the docs do not promise the list is complete.
#[derive(Debug, Deserialize)]
#[serde(from = "String")]
pub enum TaskStatus {
    Created,
    Pending,
    Finished,
    Calling,
    Canceled,
    Paused,
    Other(String),
}

impl From<String> for TaskStatus {
    fn from(value: String) -> Self {
        match value.as_str() {
            "created" => TaskStatus::Created,
            "pending" => TaskStatus::Pending,
            "finished" => TaskStatus::Finished,
            "calling" => TaskStatus::Calling,
            "canceled" | "cancelled" => TaskStatus::Canceled,
            "paused" => TaskStatus::Paused,
            _ => TaskStatus::Other(value),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(from = "String")]
pub enum RobotMethod {
    Single,
    Group,
    Other(String),
}

impl From<String> for RobotMethod {
    fn from(value: String) -> Self {
        match value.as_str() {
            "single" => RobotMethod::Single,
            "group" => RobotMethod::Group,
            _ => RobotMethod::Other(value),
        }
    }
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
    // The page's schema says `wokflow_id`, its example `workflow_id`.
    #[serde(alias = "wokflow_id")]
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
    pub event_label: Members<String>,
    #[serde(rename = "RingTime")]
    pub ring_time: i32,
    #[serde(rename = "TalkRound")]
    pub talk_round: i32,
    #[serde(rename = "RedailCall")]
    pub redial_calls: Vec<RedialCall>,
    #[serde(rename = "NerSlots")]
    pub ner_slots: Members<String>,
    pub caller_number: String,
    #[serde(rename = "BorrowedDate")]
    pub borrowed_date: String,
    #[serde(rename = "DueDate")]
    pub due_date: String,
    #[serde(rename = "BorrowedAmount")]
    pub borrowed_amount: serde_json::Number,
    #[serde(rename = "TotalOwingAmount")]
    pub total_owing_amount: serde_json::Number,
    #[serde(rename = "CurrencyUnit")]
    pub currency_unit: String,
    pub case_id: String,
}

#[derive(Debug, Deserialize)]
pub struct AsrLine {
    pub time: String,
    #[serde(rename = "robottext")]
    pub robot_text: String,
    pub text: String,
}

#[derive(Debug, Deserialize)]
pub struct RedialCall {
    #[serde(rename = "CallID")]
    pub call_id: String,
    #[serde(rename = "CallStartTime")]
    pub call_start_time: String,
    #[serde(rename = "RingType")]
    pub ring_type: String,
    #[serde(rename = "RingTime")]
    pub ring_time: i32,
    #[serde(rename = "HangupType")]
    pub hangup_type: String,
    #[serde(rename = "ResultLabel")]
    pub result_label: String,
    pub caller_number: String,
    pub callee_number: String,
}
