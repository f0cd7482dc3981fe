//! Deterministic synthetic answers of `getWorkflowTaskDetail`: rows shaped like the spec's example
//! row (transcripts in Indonesian with escapes and non-ASCII text, redials, labels, slots, money
//! with and without fractions), written straight into the bytes of the whole envelope.

use std::io::Write;

use fastrand::Rng;

/// The seed every measurement uses, so that all variants of a run decode the same bytes.
pub const SEED: u64 = 0x0A1B_2C3D_4E5F_6071;

/// The first row's `id`; the spec's example row has 2125380211 (beyond 32 bits signed).
const FIRST_ID: i64 = 2_125_380_211;

const FIRST_NAMES: &[&str] = &[
    "BUDI", "SITI", "AGUS", "DEWI", "RINA", "ANDI", "WAHYU", "PUTRI", "JOKO", "SRI", "EKO", "NUR",
    "AYU", "BAMBANG", "FITRI", "HENDRA", "YULIANTI", "RIZKY",
];
const LAST_NAMES: &[&str] = &[
    "SANTOSO",
    "WIJAYA",
    "SAPUTRA",
    "LESTARI",
    "HIDAYAT",
    "KURNIAWAN",
    "PRATAMA",
    "SETIAWAN",
    "NUGROHO",
    "RAHMAWATI",
    "SIREGAR",
    "SIMANJUNTAK",
];
/// What the robot says; `{}` is replaced with the callee's name.
const ROBOT_LINES: &[&str] = &[
    "halo (jeda 1-2 detik) selamat siang",
    "Apa boleh minta waktunya sebentar?",
    "Apakah saya berbicara dengan Bapak/Ibu {}?",
    "Ada tagihan anda yang sedang jatuh tempo, bisa diinfokan rencana pembayaran Anda?",
    "Baik Bapak/Ibu, tagihan sebesar Rp 1.250.000 jatuh tempo pada tanggal 7 Maret.",
    "Mohon lakukan pembayaran melalui \"transfer bank\" atau ATM terdekat.",
    "Kami dari layanan penagihan — mohon konfirmasi rencana pembayaran Anda.",
    "Sesuai syarat & ketentuan, denda keterlambatan 0,5% per hari.",
    "Jika sudah membayar, mohon abaikan pesan ini.\nTerima kasih.",
    "Iya, halo",
    "Terima kasih atas waktunya, semoga hari Anda menyenangkan.",
    "",
];
/// What the callee says, as recognized; often nothing.
const CALLEE_LINES: &[&str] = &[
    "",
    "",
    "halo halo ya ya ya ya ya ya ya ya",
    "iya betul, saya sendiri",
    "nanti saya bayar minggu depan ya",
    "belum gajian mbak, tanggal 25 baru bisa",
    "sudah saya transfer kemarin sore",
    "maaf, ini siapa?",
    "oke oke… nanti saya cek dulu",
    "bisa dicicil nggak? \"cicilan\" dua kali",
    "café? bukan, salah sambung",
    "tolong jangan telepon lagi 🙏",
    "saya\tlagi di jalan, telepon lagi nanti",
];
const INTENTIONS: &[(&str, &str)] = &[
    ("A", "Promise to Pay"),
    ("B", "Already Paid"),
    ("C", "Request Installment"),
    ("D", "Refuse to Pay"),
    ("E", "Needs Follow Up"),
    ("F", "No Response"),
];
const PAYMENT_METHODS: &[&str] = &["Transfer", "ATM", "Indomaret", "Alfamart", "OVO", "GoPay"];
const PAYMENT_TIMES: &[&str] = &["Time_0", "Time_1", "Time_2", "besok", "minggu depan"];
const PERSON_LABELS: &[&str] = &[
    "identity_correct_person",
    "identity_wrong_person",
    "identity_unknown",
];
const ACTION_LABELS: &[&str] = &[
    "action_item_request_installment",
    "action_item_promise_to_pay",
    "action_item_call_back_later",
    "action_item_none",
];
const HANGUPS: &[&str] = &["ByCallee", "ByCallee", "ByRobot", "ByCaller"];

/// Which members the rows have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowMembers {
    /// Those the spec documents.
    Documented,
    /// Those, then [`UNLISTED_MEMBERS`] more the spec does not know, as AiRudder's answers have
    /// (its page documents 34 fields of a workflow call row but shows 32).
    WithUnlisted,
}

/// How many members the rows of [`RowMembers::WithUnlisted`] have that the spec does not know.
pub const UNLISTED_MEMBERS: usize = 2;

/// The whole answer (`{"data": {...}, "status": "OK", "code": 200}`) with `rows` call rows; the
/// same `rows` and `seed` give the same bytes.
pub fn workflow_task_detail(rows: usize, seed: u64) -> Vec<u8> {
    workflow_task_detail_with(rows, seed, RowMembers::Documented)
}

/// [`workflow_task_detail`] with rows of `members`.
pub fn workflow_task_detail_with(rows: usize, seed: u64, members: RowMembers) -> Vec<u8> {
    let mut rng = Rng::with_seed(seed);
    let mut out = Vec::with_capacity(rows * 2300 + 1024);
    let task_id = hex_id(&mut rng, 0);
    out.extend_from_slice(b"{\"data\":{\"TaskID\":\"");
    out.extend_from_slice(task_id.as_bytes());
    out.extend_from_slice(
        b"\",\"TaskName\":\"wf_bench_collection_Voicebot Call1_a33a08\",\"RobotMethod\":\"single\",\
\"RobotID\":\"c65f105edf4c1a7b3d2e9f0a1bfe4e2c39\",\"SIPLine\":\"CH_BENCH_ID_LINE\",\"Status\":\"finished\",\
\"ScheduleStartTime\":\"2024-03-01T00:00:00.113221Z\",\"ScheduleEndTime\":\"2024-03-29T23:59:59.113221Z\",\
\"RepeatInterval\":0,\"RepeatNumber\":3,\"detail\":[",
    );
    for index in 0..rows {
        if index > 0 {
            out.push(b',');
        }
        write_row(&mut out, &mut rng, index, members);
    }
    out.extend_from_slice(b"],\"workflow_id\":\"");
    out.extend_from_slice(hex_id(&mut rng, 1).as_bytes());
    out.extend_from_slice(b"\",\"workflow_name\":\"bench_collection\",\"nodetask_id\":\"");
    out.extend_from_slice(hex_id(&mut rng, 2).as_bytes());
    out.extend_from_slice(
        b"\",\"nodetask_name\":\"Voicebot Call1\"},\"status\":\"OK\",\"code\":200}",
    );
    out
}

/// One call row, in the field order of the spec's example.
fn write_row(out: &mut Vec<u8>, rng: &mut Rng, index: usize, members: RowMembers) {
    // Some servers escape every non-ASCII character (`\u00e9`), others send UTF-8 as is.
    let ascii_only = rng.u8(..10) < 3;
    let name = format!("{} {}", pick(rng, FIRST_NAMES), pick(rng, LAST_NAMES));
    let started = index as u64 * 5 + rng.u64(..5);
    let ring = rng.i32(0..30);
    let talk = rng.u64(5..180);
    let (intention, description) = INTENTIONS[rng.usize(..INTENTIONS.len())];
    let borrowed_cents =
        rng.u64(5_000..1_000_000) * 100 + if rng.bool() { rng.u64(1..100) } else { 0 };
    let owing_cents = borrowed_cents + borrowed_cents / 100 * rng.u64(1..30);

    write!(
        out,
        "{{\"id\":{},\"RobotID\":\"{}\",\"CalleeName\":",
        FIRST_ID + index as i64,
        4560 + rng.u32(..50)
    )
    .unwrap_or_default();
    write_str(out, &name, ascii_only);
    let gender = ["", "male", "female"][rng.usize(..3)];
    write!(
        out,
        ",\"CalleeGender\":\"{gender}\",\"CalleeNumber\":\"+628{:09}\"",
        rng.u64(..1_000_000_000)
    )
    .unwrap_or_default();
    out.extend_from_slice(b",\"CallStartTime\":\"");
    write_utc(out, started);
    out.extend_from_slice(b"\",\"CallEndTime\":\"");
    write_utc(out, started + ring as u64 + talk);
    let status = if rng.u8(..10) < 8 {
        "finished"
    } else {
        "failed"
    };
    write!(
        out,
        "\",\"Status\":\"{status}\",\"Intention\":\"{intention}\",\"CallID\":\"{}\",\"CallTimes\":{},\
\"Comments\":\"{}.0\",\"BorrowedDate\":\"2024-02-{:02}\",\"DueDate\":\"2024-03-{:02}\",\"BorrowedAmount\":",
        hex_id(rng, index as u64 * 4 + 3),
        rng.i32(1..6),
        100_000 + index,
        rng.u8(1..29),
        rng.u8(1..29),
    )
    .unwrap_or_default();
    write_money(out, borrowed_cents);
    out.extend_from_slice(b",\"TotalOwingAmount\":");
    write_money(out, owing_cents);
    let currency = if rng.u8(..10) < 9 { "IDR" } else { "USD" };
    let ring_type = if rng.u8(..10) < 9 { "normal" } else { "" };
    write!(
        out,
        ",\"CurrencyUnit\":\"{currency}\",\"PlatformName\":\"AIRUDDER\",\"RingType\":\"{ring_type}\",\
\"HangupType\":\"{}\",\"ExtraA\":\"\",\"ExtraB\":\"{}\",\"ExtraC\":\"\",\"AsrResult\":[",
        pick(rng, HANGUPS),
        if rng.u8(..4) == 0 { "batch-7" } else { "" },
    )
    .unwrap_or_default();
    let turns = rng.usize(3..=8);
    let mut offset = 0;
    for turn in 0..turns {
        if turn > 0 {
            out.push(b',');
        }
        write!(
            out,
            "{{\"time\":\"00:{:02}:{:02}\",\"robottext\":",
            offset / 60,
            offset % 60
        )
        .unwrap_or_default();
        let line = pick(rng, ROBOT_LINES).replace("{}", &name);
        write_str(out, &line, ascii_only);
        out.extend_from_slice(b",\"text\":");
        write_str(out, pick(rng, CALLEE_LINES), ascii_only);
        out.push(b'}');
        offset += rng.u64(1..12);
    }
    write!(
        out,
        "],\"RingTime\":{ring},\"TalkRound\":{},\"RedailCall\":[",
        rng.i32(1..9)
    )
    .unwrap_or_default();
    for redial in 0..rng.u64(0..=3) {
        if redial > 0 {
            out.push(b',');
        }
        write!(
            out,
            "{{\"CallID\":\"{}\",\"CallStartTime\":\"2024-03-11 15:{:02}:{:02}\",\"RingType\":\"normal\",\
\"RingTime\":{},\"HangupType\":\"{}\",\"ResultLabel\":\"{}\",\"callee_number\":\"+628{:09}\",\
\"caller_number\":\"+62{:010}\"}}",
            hex_id(rng, index as u64 * 4 + redial),
            rng.u8(..60),
            rng.u8(..60),
            rng.i32(0..30),
            pick(rng, HANGUPS),
            ["F", "E", "A"][rng.usize(..3)],
            rng.u64(..1_000_000_000),
            rng.u64(..10_000_000_000),
        )
        .unwrap_or_default();
    }
    write!(
        out,
        "],\"NerSlots\":{{\"PaymentMethod\":\"{}\",\"PaymentTime\":\"{}\"}},\"intention_description\":\"{description}\",\
\"EventLabel\":{{\"A0\":\"A{}\",\"Correct_Person\":\"{}\",\"Request_Installment\":\"{}\"}},\
\"caller_number\":\"+62{:010}\",\"case_id\":\"{}.0\"",
        pick(rng, PAYMENT_METHODS),
        pick(rng, PAYMENT_TIMES),
        rng.u8(..4),
        pick(rng, PERSON_LABELS),
        pick(rng, ACTION_LABELS),
        rng.u64(..10_000_000_000),
        200_000 + index,
    )
    .unwrap_or_default();
    if members == RowMembers::WithUnlisted {
        write!(
            out,
            ",\"RecordingURL\":\"https://record.airudder.com/{}.wav\",\"SentimentScore\":{:.2}",
            hex_id(rng, index as u64 * 4 + 2),
            rng.f64()
        )
        .unwrap_or_default();
    }
    out.push(b'}');
}

fn pick<'a>(rng: &mut Rng, list: &[&'a str]) -> &'a str {
    list[rng.usize(..list.len())]
}

/// 32 hex digits: 16 random, then 16 from `unique`, so ids never repeat within an answer.
fn hex_id(rng: &mut Rng, unique: u64) -> String {
    format!("{:016x}{unique:016x}", rng.u64(..))
}

/// `2024-03-DDTHH:MM:SSZ`, `seconds` after 2024-03-01T00:00:00Z (wrapping within 28 days).
fn write_utc(out: &mut Vec<u8>, seconds: u64) {
    let seconds = seconds % (28 * 86_400);
    write!(
        out,
        "2024-03-{:02}T{:02}:{:02}:{:02}Z",
        1 + seconds / 86_400,
        seconds / 3600 % 24,
        seconds / 60 % 60,
        seconds % 60
    )
    .unwrap_or_default();
}

/// An amount as a JSON number: `20000` when whole, `20310.75` otherwise.
fn write_money(out: &mut Vec<u8>, cents: u64) {
    let (whole, fraction) = (cents / 100, cents % 100);
    if fraction == 0 {
        write!(out, "{whole}").unwrap_or_default();
    } else {
        write!(out, "{whole}.{fraction:02}").unwrap_or_default();
    }
}

/// A JSON string; with `ascii_only`, every non-ASCII character (and `<`, `>`, `&`, as Go's
/// encoder does) is a `\u` escape, surrogate pairs included.
fn write_str(out: &mut Vec<u8>, text: &str, ascii_only: bool) {
    out.push(b'"');
    for ch in text.chars() {
        match ch {
            '"' => out.extend_from_slice(b"\\\""),
            '\\' => out.extend_from_slice(b"\\\\"),
            '\n' => out.extend_from_slice(b"\\n"),
            '\t' => out.extend_from_slice(b"\\t"),
            '\r' => out.extend_from_slice(b"\\r"),
            c if (c as u32) < 0x20 => write!(out, "\\u{:04x}", c as u32).unwrap_or_default(),
            c if ascii_only && (!c.is_ascii() || matches!(c, '<' | '>' | '&')) => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    write!(out, "\\u{unit:04x}").unwrap_or_default();
                }
            }
            c => {
                let mut bytes = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut bytes).as_bytes());
            }
        }
    }
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use airudder_models::{Envelope, WorkflowTaskDetail, decode_json};

    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_bytes() {
        assert_eq!(
            workflow_task_detail(200, SEED),
            workflow_task_detail(200, SEED)
        );
        assert_ne!(
            workflow_task_detail(200, SEED),
            workflow_task_detail(200, SEED + 1)
        );
    }

    #[test]
    fn decodes_into_the_generated_types_with_the_right_row_count() {
        for rows in [0, 1, 1000] {
            let body = workflow_task_detail(rows, SEED);
            let envelope: Envelope<WorkflowTaskDetail> = decode_json(&body).unwrap();
            assert_eq!((envelope.code, envelope.status.as_str()), (200, "OK"));
            assert_eq!(envelope.data.unwrap().detail.len(), rows);
        }
    }

    #[test]
    fn rows_with_unlisted_members_keep_them_in_the_generated_types() {
        let decode = |members| {
            let body = workflow_task_detail_with(50, SEED, members);
            let envelope: Envelope<WorkflowTaskDetail> = decode_json(&body).unwrap();
            envelope.data.unwrap().detail
        };
        for row in decode(RowMembers::WithUnlisted) {
            let kept: Vec<&str> = row.extra.keys().collect();
            assert_eq!(kept, ["RecordingURL", "SentimentScore"]);
            assert_eq!(kept.len(), UNLISTED_MEMBERS);
        }
        assert!(
            decode(RowMembers::Documented)
                .iter()
                .all(|row| row.extra.is_empty())
        );
    }

    #[test]
    fn rows_look_like_the_spec_example() {
        let body = workflow_task_detail(2000, SEED);
        let envelope: Envelope<WorkflowTaskDetail> = decode_json(&body).unwrap();
        let rows = envelope.data.unwrap().detail;
        let mut call_ids = HashSet::new();
        let mut ids = HashSet::new();
        let (mut whole, mut fractional) = (0, 0);
        for row in &rows {
            assert!((3..=8).contains(&row.asr_result.len()));
            assert!(row.redial_calls.len() <= 3);
            assert_eq!(row.event_label.len(), 3);
            assert_eq!(row.ner_slots.len(), 2);
            assert!(ids.insert(row.id));
            assert!(call_ids.insert(row.call_id.clone()));
            for redial in &row.redial_calls {
                assert!(call_ids.insert(redial.call_id.clone()));
            }
            if row.borrowed_amount.is_f64() {
                fractional += 1;
            } else {
                whole += 1;
            }
        }
        assert!(whole > 100 && fractional > 100, "{whole} {fractional}");
        assert!(
            rows.iter()
                .any(|row| row.asr_result.iter().any(|line| line.text.contains('🙏')))
        );
        let text = String::from_utf8(body).unwrap();
        assert!(text.contains("\\ud83d\\ude4f") && text.contains('🙏'));
        assert!(text.contains("\\\"") && text.contains("\\n"));
        let per_row = text.len() / rows.len();
        assert!((1200..3000).contains(&per_row), "{per_row} bytes per row");
    }
}
