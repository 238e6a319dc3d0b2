//! A dossier's life at the one-stop counter (NĐ 118/2025/NĐ-CP Art. 16–22):
//! filed, received or refused, handled by the specialist, approved by the
//! leader, returned — with the supplement (Art. 19(5)), the one-time
//! apology and new due date (Art. 19(6)), transfers to other agencies
//! (Art. 20), withdrawal and stopping (Art. 21).
//!
//! Statuses are the ten the national portal (DVCQG) syncs; the step says
//! who holds the dossier. [`apply`] is the only way from one state to the
//! next, so the store and the web layer cannot disagree on the rules.

use jiff::ToSpan;
use jiff::civil::DateTime;
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use super::procedures::ProcessingTime;
use crate::calendar::working::WorkCalendar;

named_enum! {
    /// The dossier's status, in the DVCQG order (codes 1–10).
    Status {
        New => ("new", "Mới đăng ký"),
        Received => ("received", "Được tiếp nhận"),
        NotAccepted => ("not_accepted", "Không được tiếp nhận"),
        Processing => ("processing", "Đang xử lý"),
        Supplement => ("supplement", "Yêu cầu bổ sung giấy tờ"),
        Financial => ("financial", "Yêu cầu thực hiện nghĩa vụ tài chính"),
        Withdrawn => ("withdrawn", "Công dân yêu cầu rút hồ sơ"),
        Stopped => ("stopped", "Dừng xử lý"),
        Resolved => ("resolved", "Đã xử lý xong"),
        Returned => ("returned", "Đã trả kết quả"),
    }
}

impl Status {
    /// The `TrangThaiHoSo` code synced to DVCQG (1 = Mới đăng ký … 10 = Đã
    /// trả kết quả).
    pub fn national_code(self) -> u8 {
        match self {
            Status::New => 1,
            Status::Received => 2,
            Status::NotAccepted => 3,
            Status::Processing => 4,
            Status::Supplement => 5,
            Status::Financial => 6,
            Status::Withdrawn => 7,
            Status::Stopped => 8,
            Status::Resolved => 9,
            Status::Returned => 10,
        }
    }

    /// A status nothing follows.
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            Status::NotAccepted | Status::Withdrawn | Status::Stopped | Status::Returned
        )
    }

    /// Accepted and not yet finished: the clock runs (or is paused for a
    /// supplement) and an apology is still possible.
    fn is_open(self) -> bool {
        matches!(
            self,
            Status::Received | Status::Processing | Status::Supplement | Status::Financial
        )
    }

    /// Why nothing more can happen, for a message.
    fn finished_phrase(self) -> &'static str {
        match self {
            Status::NotAccepted => "Hồ sơ đã bị từ chối tiếp nhận",
            Status::Withdrawn => "Hồ sơ đã được rút theo yêu cầu của công dân",
            Status::Stopped => "Hồ sơ đã dừng xử lý",
            Status::Returned => "Hồ sơ đã trả kết quả",
            _ => "Hồ sơ đã kết thúc",
        }
    }
}

named_enum! {
    /// How the dossier was filed (Art. 15).
    Channel {
        Counter => ("counter", "Trực tiếp"),
        Online => ("online", "Trực tuyến"),
        Post => ("post", "Bưu chính công ích"),
    }
}

named_enum! {
    /// Where the dossier is held.
    Step {
        Receive => ("receive", "Tiếp nhận"),
        Specialist => ("specialist", "Chuyên môn thẩm định"),
        Leader => ("leader", "Lãnh đạo phê duyệt"),
        Return => ("return", "Trả kết quả"),
        Transfer => ("transfer", "Liên thông cơ quan khác"),
    }
}

/// Something an officer (or the citizen) does to a dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Receive a complete, valid dossier; the clock starts (Art. 17(3)).
    Accept,
    /// Refuse to receive it (form 03), with the reason.
    Refuse {
        reason: String,
    },
    /// Ask the citizen to complete a dossier not yet accepted (form 02);
    /// it stays new and its clock has not started.
    IntakeSupplement {
        reason: String,
    },
    /// Hand it to the specialist.
    Assign,
    /// Specialist → leader.
    Submit,
    /// Leader → specialist.
    SendBack {
        reason: String,
    },
    /// Send it to another agency (liên thông, Art. 20).
    Transfer {
        agency: String,
    },
    /// The other agency has sent it back.
    TransferBack,
    /// Ask for a supplement after appraisal: once only (Art. 11(2)(c),
    /// 19(5)).
    RequestSupplement {
        reason: String,
    },
    /// The supplement is in; the time restarts (Art. 19(5)).
    SupplementReceived,
    /// Wait for the citizen's tax or fee.
    RequestFinancial,
    FinancialDone,
    /// The apology letter with a new return time (form 04): once, at least
    /// one day before the due date (Art. 19(6)).
    Apologise {
        reason: String,
        new_due: DateTime,
    },
    /// The leader signs the result.
    Approve,
    /// The citizen has the result.
    ReturnResult,
    /// The citizen withdraws the dossier.
    Withdraw,
    /// Stop processing (form 05, Art. 21).
    Stop {
        reason: String,
    },
}

impl Action {
    /// The stored name of the action (the events' `action` column) and
    /// what it is called on the dossier's timeline, side by side.
    fn names(&self) -> (&'static str, &'static str) {
        match self {
            Action::Accept => ("accept", "Tiếp nhận hồ sơ"),
            Action::Refuse { .. } => ("refuse", "Từ chối tiếp nhận hồ sơ"),
            Action::IntakeSupplement { .. } => {
                ("intake_supplement", "Hướng dẫn bổ sung, hoàn thiện hồ sơ")
            }
            Action::Assign => ("assign", "Chuyển chuyên môn xử lý"),
            Action::Submit => ("submit", "Trình lãnh đạo phê duyệt"),
            Action::SendBack { .. } => ("send_back", "Trả lại chuyên môn"),
            Action::Transfer { .. } => ("transfer", "Chuyển liên thông"),
            Action::TransferBack => ("transfer_back", "Nhận lại hồ sơ liên thông"),
            Action::RequestSupplement { .. } => ("request_supplement", "Yêu cầu bổ sung hồ sơ"),
            Action::SupplementReceived => ("supplement_received", "Nhận hồ sơ bổ sung"),
            Action::RequestFinancial => {
                ("request_financial", "Yêu cầu thực hiện nghĩa vụ tài chính")
            }
            Action::FinancialDone => ("financial_done", "Xác nhận đã thực hiện nghĩa vụ tài chính"),
            Action::Apologise { .. } => ("apologise", "Xin lỗi và hẹn lại ngày trả kết quả"),
            Action::Approve => ("approve", "Phê duyệt kết quả"),
            Action::ReturnResult => ("return_result", "Trả kết quả"),
            Action::Withdraw => ("withdraw", "Rút hồ sơ"),
            Action::Stop { .. } => ("stop", "Dừng xử lý hồ sơ"),
        }
    }

    /// What the action is called on the dossier's timeline.
    pub fn label(&self) -> &'static str {
        self.names().1
    }

    /// The stored name of the action (the events' `action` column).
    pub fn code(&self) -> &'static str {
        self.names().0
    }

    /// The label in lower case, to end a sentence with.
    fn verb(&self) -> String {
        self.label().to_lowercase()
    }
}

/// Where a dossier stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dossier {
    pub status: Status,
    pub step: Step,
    pub channel: Channel,
    /// When the complete dossier was received: the start of the clock.
    pub received_at: Option<DateTime>,
    pub due: Option<DateTime>,
    /// Supplements requested after acceptance (at most one).
    pub supplements: u8,
    pub supplement_requested_at: Option<DateTime>,
    /// The apology letter has been sent (it can be sent once).
    pub apologised: bool,
    /// The agency holding it while transferred.
    pub transferred_to: Option<String>,
}

impl Dossier {
    /// A dossier just filed, not yet accepted (status Mới đăng ký). At the
    /// counter it is accepted or refused at once; online and by post it
    /// waits for the officer (≤ 8 working hours, Art. 17(2)).
    pub fn submitted(channel: Channel) -> Self {
        Dossier {
            status: Status::New,
            step: Step::Receive,
            channel,
            received_at: None,
            due: None,
            supplements: 0,
            supplement_requested_at: None,
            apologised: false,
            transferred_to: None,
        }
    }
}

impl Status {
    /// The dossier has left the ward's hands: with a result, refused,
    /// withdrawn or stopped.
    pub fn is_finished(self) -> bool {
        matches!(
            self,
            Status::Resolved
                | Status::Returned
                | Status::NotAccepted
                | Status::Withdrawn
                | Status::Stopped
        )
    }
}

/// When the dossier left the ward's hands, after a step to `next` taken at
/// `at`: the first time it reached a finished status.
pub fn finished_at(before: Option<DateTime>, next: Status, at: DateTime) -> Option<DateTime> {
    match before {
        None if next.is_finished() => Some(at),
        b => b,
    }
}

fn when(t: DateTime) -> String {
    format!(
        "{:02}:{:02} ngày {:02}/{:02}/{}",
        t.hour(),
        t.minute(),
        t.day(),
        t.month(),
        t.year()
    )
}

fn required(text: &str, what: &str) -> Result<(), String> {
    if text.trim().is_empty() {
        Err(format!("Phải ghi rõ {what}"))
    } else {
        Ok(())
    }
}

/// The state after `action` taken at `at`, or why it cannot be taken now
/// (in Vietnamese, for the officer). `time` is the procedure's processing
/// time, used when the clock starts or restarts.
pub fn apply(
    d: &Dossier,
    action: &Action,
    at: DateTime,
    time: &ProcessingTime,
    cal: &WorkCalendar,
) -> Result<Dossier, String> {
    if d.status.is_terminal() {
        return Err(format!(
            "{}, không thể {}",
            d.status.finished_phrase(),
            action.verb()
        ));
    }
    let wrong_status = || {
        format!(
            "Không thể {} khi hồ sơ đang ở trạng thái «{}»",
            action.verb(),
            d.status.label()
        )
    };
    let wrong_step = || {
        format!(
            "Không thể {} khi hồ sơ đang ở bước «{}»",
            action.verb(),
            d.step.label()
        )
    };
    // The status the action is taken in.
    let in_status = |s: Status| {
        if d.status == s {
            Ok(())
        } else {
            Err(wrong_status())
        }
    };
    // The status and the step the action is taken at; a wrong status is
    // named before a wrong step.
    let at_step = |s: Status, step: Step| {
        in_status(s)?;
        if d.step == step {
            Ok(())
        } else {
            Err(wrong_step())
        }
    };
    let due_from = |start: DateTime| time.due(cal, start).map_err(|e| e.to_string());
    let mut next = d.clone();
    match action {
        Action::Accept => {
            in_status(Status::New)?;
            next.status = Status::Received;
            next.step = Step::Receive;
            next.received_at = Some(at);
            next.due = Some(due_from(at)?);
        }
        Action::Refuse { reason } => {
            in_status(Status::New)?;
            required(reason, "lý do từ chối")?;
            next.status = Status::NotAccepted;
        }
        Action::IntakeSupplement { reason } => {
            in_status(Status::New)?;
            required(reason, "giấy tờ, nội dung cần bổ sung")?;
        }
        Action::Assign => {
            in_status(Status::Received)?;
            next.status = Status::Processing;
            next.step = Step::Specialist;
        }
        Action::Submit => {
            at_step(Status::Processing, Step::Specialist)?;
            next.step = Step::Leader;
        }
        Action::SendBack { reason } => {
            at_step(Status::Processing, Step::Leader)?;
            required(reason, "lý do trả lại")?;
            next.step = Step::Specialist;
        }
        Action::Transfer { agency } => {
            at_step(Status::Processing, Step::Specialist)?;
            required(agency, "cơ quan nhận hồ sơ liên thông")?;
            next.step = Step::Transfer;
            next.transferred_to = Some(agency.trim().to_string());
        }
        Action::TransferBack => {
            at_step(Status::Processing, Step::Transfer)?;
            next.step = Step::Specialist;
            next.transferred_to = None;
        }
        Action::RequestSupplement { reason } => {
            if d.supplements >= 1 {
                return Err(
                    "Chỉ được yêu cầu bổ sung hồ sơ một lần (NĐ 118/2025/NĐ-CP Điều 11 khoản 2 điểm c, Điều 19 khoản 5)"
                        .into(),
                );
            }
            at_step(Status::Processing, Step::Specialist)?;
            required(reason, "giấy tờ, nội dung cần bổ sung")?;
            next.status = Status::Supplement;
            next.supplements = 1;
            next.supplement_requested_at = Some(at);
        }
        Action::SupplementReceived => {
            in_status(Status::Supplement)?;
            next.status = Status::Processing;
            // Art. 19(5): the time is counted again from the start.
            next.due = Some(due_from(at)?);
        }
        Action::RequestFinancial => {
            in_status(Status::Processing)?;
            next.status = Status::Financial;
        }
        Action::FinancialDone => {
            in_status(Status::Financial)?;
            next.status = Status::Processing;
        }
        Action::Apologise { reason, new_due } => {
            if !d.status.is_open() {
                return Err(wrong_status());
            }
            if d.apologised {
                return Err(
                    "Chỉ được xin lỗi và hẹn lại ngày trả kết quả một lần (NĐ 118/2025/NĐ-CP Điều 19 khoản 6)"
                        .into(),
                );
            }
            let Some(due) = d.due else {
                return Err("Hồ sơ chưa có hạn trả kết quả".into());
            };
            // Art. 19(6): at least one day before the due date.
            let deadline_ok = at.checked_add(1.day()).is_ok_and(|t| t <= due);
            if !deadline_ok {
                return Err(format!(
                    "Phải xin lỗi và hẹn lại chậm nhất 01 ngày trước hạn trả kết quả ({}) (NĐ 118/2025/NĐ-CP Điều 19 khoản 6)",
                    when(due)
                ));
            }
            if *new_due <= due {
                return Err(format!(
                    "Thời hạn hẹn mới phải sau hạn trả kết quả hiện tại ({})",
                    when(due)
                ));
            }
            required(reason, "lý do chậm trả kết quả")?;
            next.due = Some(*new_due);
            next.apologised = true;
        }
        Action::Approve => {
            at_step(Status::Processing, Step::Leader)?;
            next.status = Status::Resolved;
            next.step = Step::Return;
        }
        Action::ReturnResult => {
            in_status(Status::Resolved)?;
            next.status = Status::Returned;
        }
        Action::Withdraw => {
            // Not terminal (checked above) and not yet resolved.
            if d.status == Status::Resolved {
                return Err(wrong_status());
            }
            next.status = Status::Withdrawn;
        }
        Action::Stop { reason } => {
            if !d.status.is_open() {
                return Err(wrong_status());
            }
            required(reason, "lý do dừng xử lý")?;
            next.status = Status::Stopped;
        }
    }
    Ok(next)
}

named_enum! {
    /// How a finished dossier kept its due date (Phiếu kiểm soát, Biểu 06).
    Timeliness {
        Early => ("early", "Trước hạn"),
        OnTime => ("on_time", "Đúng hạn"),
        Late => ("late", "Quá hạn"),
    }
}

/// Early when finished on a day before the due day; on time on the due day
/// up to the due moment; late after it. The law does not define "early";
/// the day is the granularity the reports use.
pub fn timeliness(due: DateTime, finished: DateTime) -> Timeliness {
    if finished > due {
        Timeliness::Late
    } else if finished.date() < due.date() {
        Timeliness::Early
    } else {
        Timeliness::OnTime
    }
}

/// The applicant's name as the public lookup shows it: the family name in
/// full, the other words by their initial ("Nguyễn Văn An" → "Nguyễn V. A.").
/// A single word is kept as it is.
pub fn mask_name(full: &str) -> String {
    let nfc: String = full.nfc().collect();
    let words: Vec<&str> = nfc.split_whitespace().collect();
    match words.as_slice() {
        [] => String::new(),
        [one] => (*one).to_string(),
        [first, rest @ ..] => {
            let mut out = (*first).to_string();
            for w in rest {
                out.push(' ');
                if let Some(c) = w.chars().next() {
                    out.extend(c.to_uppercase());
                }
                out.push('.');
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::OnceLock;

    use proptest::prelude::*;

    use super::*;
    use crate::calendar::days_off::{DayOff, WeeklyRest, builtin};
    use crate::calendar::working::OfficeHours;

    fn cal() -> &'static WorkCalendar {
        static CAL: OnceLock<WorkCalendar> = OnceLock::new();
        CAL.get_or_init(|| {
            let rest = WeeklyRest::default();
            let days: Vec<DayOff> = (2024..=2028).flat_map(|y| builtin(y, &rest)).collect();
            WorkCalendar::new(rest, OfficeHours::default(), true, &days)
        })
    }

    fn dt(s: &str) -> DateTime {
        s.parse().unwrap()
    }

    const FIVE_DAYS: ProcessingTime = ProcessingTime::WorkingDays(5);

    fn step(d: &Dossier, a: Action, at: &str) -> Result<Dossier, String> {
        apply(d, &a, dt(at), &FIVE_DAYS, cal())
    }

    fn ok(d: &Dossier, a: Action, at: &str) -> Dossier {
        step(d, a, at).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Why the action cannot be taken.
    fn refusal(d: &Dossier, a: Action, at: &str) -> String {
        step(d, a, at).unwrap_err()
    }

    /// The actions that carry a text, each built from the text.
    macro_rules! with_text {
        ($($f:ident => $variant:ident { $field:ident }),+ $(,)?) => {
            $(fn $f($field: impl Into<String>) -> Action {
                Action::$variant { $field: $field.into() }
            })+
        };
    }

    with_text! {
        refuse => Refuse { reason },
        intake_supplement => IntakeSupplement { reason },
        send_back => SendBack { reason },
        request_supplement => RequestSupplement { reason },
        stop => Stop { reason },
        transfer => Transfer { agency },
    }

    fn reason() -> String {
        "thiếu giấy chứng sinh".into()
    }

    /// Accepted Monday 2026-11-02 08:00 (due Monday 2026-11-09 08:00),
    /// with the specialist.
    fn processing() -> Dossier {
        let d = ok(
            &Dossier::submitted(Channel::Counter),
            Action::Accept,
            "2026-11-02T08:00",
        );
        ok(&d, Action::Assign, "2026-11-02T09:00")
    }

    #[test]
    fn national_codes_follow_the_dvcqg_order() {
        let codes: Vec<u8> = Status::ALL.iter().map(|s| s.national_code()).collect();
        assert_eq!(codes, (1..=10).collect::<Vec<u8>>());
        let terminal: Vec<Status> = Status::ALL
            .iter()
            .copied()
            .filter(|s| s.is_terminal())
            .collect();
        assert_eq!(
            terminal,
            [
                Status::NotAccepted,
                Status::Withdrawn,
                Status::Stopped,
                Status::Returned
            ]
        );
        assert_eq!(Status::read("Đang xử lý"), Some(Status::Processing));
        assert_eq!(Channel::parse("post"), Some(Channel::Post));
        assert_eq!(Step::Transfer.label(), "Liên thông cơ quan khác");
    }

    #[test]
    fn the_happy_path() {
        let d = Dossier::submitted(Channel::Online);
        assert_eq!(
            (d.status, d.step, d.due),
            (Status::New, Step::Receive, None)
        );
        let d = ok(&d, Action::Accept, "2026-11-02T08:00");
        assert_eq!(d.status, Status::Received);
        assert_eq!(d.step, Step::Receive);
        assert_eq!(d.received_at, Some(dt("2026-11-02T08:00")));
        assert_eq!(d.due, Some(dt("2026-11-09T08:00")));
        let d = ok(&d, Action::Assign, "2026-11-02T09:00");
        assert_eq!((d.status, d.step), (Status::Processing, Step::Specialist));
        let d = ok(&d, Action::Submit, "2026-11-04T09:00");
        assert_eq!(d.step, Step::Leader);
        let d = ok(&d, Action::Approve, "2026-11-05T09:00");
        assert_eq!((d.status, d.step), (Status::Resolved, Step::Return));
        let d = ok(&d, Action::ReturnResult, "2026-11-06T09:00");
        assert_eq!(d.status, Status::Returned);
        let e = refusal(&d, Action::Withdraw, "2026-11-06T10:00");
        assert_eq!(e, "Hồ sơ đã trả kết quả, không thể rút hồ sơ");
    }

    #[test]
    fn intake_refuse_and_complete() {
        let new = Dossier::submitted(Channel::Post);
        let asked = ok(&new, intake_supplement(reason()), "2026-11-02T08:00");
        assert_eq!(asked, new);
        assert_eq!(
            refusal(&new, intake_supplement(" "), "2026-11-02T08:00"),
            "Phải ghi rõ giấy tờ, nội dung cần bổ sung"
        );
        let refused = ok(&new, refuse(reason()), "2026-11-02T08:00");
        assert_eq!(refused.status, Status::NotAccepted);
        assert_eq!(refused.due, None);
        assert_eq!(
            refusal(&refused, Action::Accept, "2026-11-02T09:00"),
            "Hồ sơ đã bị từ chối tiếp nhận, không thể tiếp nhận hồ sơ"
        );
        assert_eq!(
            refusal(&new, refuse(String::new()), "2026-11-02T08:00"),
            "Phải ghi rõ lý do từ chối"
        );
        let received = ok(&new, Action::Accept, "2026-11-02T08:00");
        for a in [
            Action::Accept,
            refuse(reason()),
            intake_supplement(reason()),
        ] {
            assert_eq!(
                refusal(&received, a.clone(), "2026-11-02T09:00"),
                format!(
                    "Không thể {} khi hồ sơ đang ở trạng thái «Được tiếp nhận»",
                    a.label().to_lowercase()
                )
            );
        }
    }

    #[test]
    fn same_day_procedures_are_due_at_close() {
        let d = Dossier::submitted(Channel::Counter);
        // Accepted at `at` under `time`.
        let accept =
            |at: &str, time: &ProcessingTime| apply(&d, &Action::Accept, dt(at), time, cal());
        let before = accept("2026-11-02T14:59", &ProcessingTime::SAME_DAY).unwrap();
        assert_eq!(before.due, Some(dt("2026-11-02T17:00")));
        let after = accept("2026-11-02T15:30", &ProcessingTime::SAME_DAY).unwrap();
        assert_eq!(after.due, Some(dt("2026-11-03T17:00")));
        let bad = accept("2026-11-02T15:30", &ProcessingTime::WorkingDays(0));
        assert_eq!(bad.unwrap_err(), "Thời hạn phải là số dương");
    }

    #[test]
    fn specialist_leader_and_transfer_steps() {
        let p = processing();
        assert_eq!(
            refusal(&p, Action::Approve, "2026-11-03T08:00"),
            "Không thể phê duyệt kết quả khi hồ sơ đang ở bước «Chuyên môn thẩm định»"
        );
        assert_eq!(
            refusal(&p, send_back(reason()), "2026-11-03T08:00"),
            "Không thể trả lại chuyên môn khi hồ sơ đang ở bước «Chuyên môn thẩm định»"
        );
        let leader = ok(&p, Action::Submit, "2026-11-03T08:00");
        assert!(step(&leader, Action::Submit, "2026-11-03T09:00").is_err());
        assert_eq!(
            refusal(&leader, send_back(String::new()), "2026-11-03T09:00"),
            "Phải ghi rõ lý do trả lại"
        );
        let back = ok(&leader, send_back(reason()), "2026-11-03T09:00");
        assert_eq!(back.step, Step::Specialist);
        assert_eq!(back.due, p.due);

        let out = ok(&p, transfer(" Chi cục Thuế khu vực "), "2026-11-03T08:00");
        assert_eq!(out.step, Step::Transfer);
        assert_eq!(out.transferred_to.as_deref(), Some("Chi cục Thuế khu vực"));
        assert_eq!(out.status, Status::Processing);
        assert_eq!(
            refusal(&out, Action::Submit, "2026-11-03T09:00"),
            "Không thể trình lãnh đạo phê duyệt khi hồ sơ đang ở bước «Liên thông cơ quan khác»"
        );
        assert!(step(&p, Action::TransferBack, "2026-11-03T09:00").is_err());
        assert_eq!(
            refusal(&p, transfer(""), "2026-11-03T09:00"),
            "Phải ghi rõ cơ quan nhận hồ sơ liên thông"
        );
        let home = ok(&out, Action::TransferBack, "2026-11-04T08:00");
        assert_eq!(home.step, Step::Specialist);
        assert_eq!(home.transferred_to, None);
        assert!(step(&leader, transfer("Thuế"), "2026-11-04T08:00").is_err());
    }

    #[test]
    fn one_supplement_and_the_clock_restarts() {
        let p = processing();
        let asked = ok(&p, request_supplement(reason()), "2026-11-03T10:00");
        assert_eq!(asked.status, Status::Supplement);
        assert_eq!(asked.supplements, 1);
        assert_eq!(asked.supplement_requested_at, Some(dt("2026-11-03T10:00")));
        assert_eq!(
            refusal(&asked, Action::Submit, "2026-11-03T11:00"),
            "Không thể trình lãnh đạo phê duyệt khi hồ sơ đang ở trạng thái «Yêu cầu bổ sung giấy tờ»"
        );
        // Completed Tuesday 2026-11-10 14:00: five working days again.
        let back = ok(&asked, Action::SupplementReceived, "2026-11-10T14:00");
        assert_eq!(back.status, Status::Processing);
        assert_eq!(back.due, Some(dt("2026-11-17T14:00")));
        assert_eq!(back.received_at, p.received_at);
        let again = step(&back, request_supplement(reason()), "2026-11-11T08:00");
        assert_eq!(
            again.unwrap_err(),
            "Chỉ được yêu cầu bổ sung hồ sơ một lần (NĐ 118/2025/NĐ-CP Điều 11 khoản 2 điểm c, Điều 19 khoản 5)"
        );
        assert!(step(&p, Action::SupplementReceived, "2026-11-03T10:00").is_err());
        let leader = ok(&p, Action::Submit, "2026-11-03T08:00");
        assert_eq!(
            refusal(&leader, request_supplement(reason()), "2026-11-03T09:00"),
            "Không thể yêu cầu bổ sung hồ sơ khi hồ sơ đang ở bước «Lãnh đạo phê duyệt»"
        );
    }

    #[test]
    fn financial_obligations_pause_nothing_else() {
        let p = processing();
        let waiting = ok(&p, Action::RequestFinancial, "2026-11-03T08:00");
        assert_eq!(waiting.status, Status::Financial);
        assert_eq!(waiting.due, p.due);
        assert!(step(&waiting, Action::Submit, "2026-11-03T09:00").is_err());
        assert!(step(&p, Action::FinancialDone, "2026-11-03T09:00").is_err());
        let paid = ok(&waiting, Action::FinancialDone, "2026-11-04T08:00");
        assert_eq!(paid.status, Status::Processing);
        assert_eq!(paid.step, Step::Specialist);
    }

    #[test]
    fn one_apology_at_least_a_day_ahead() {
        // Due Monday 2026-11-09 08:00.
        let p = processing();
        let sorry = |new_due: &str| Action::Apologise {
            reason: "chờ xác minh".into(),
            new_due: dt(new_due),
        };
        let late = refusal(&p, sorry("2026-11-12T08:00"), "2026-11-08T08:01");
        assert_eq!(
            late,
            "Phải xin lỗi và hẹn lại chậm nhất 01 ngày trước hạn trả kết quả (08:00 ngày 09/11/2026) (NĐ 118/2025/NĐ-CP Điều 19 khoản 6)"
        );
        assert_eq!(
            refusal(&p, sorry("2026-11-09T08:00"), "2026-11-06T08:00"),
            "Thời hạn hẹn mới phải sau hạn trả kết quả hiện tại (08:00 ngày 09/11/2026)"
        );
        assert_eq!(
            refusal(
                &p,
                Action::Apologise {
                    reason: "".into(),
                    new_due: dt("2026-11-12T08:00")
                },
                "2026-11-06T08:00"
            ),
            "Phải ghi rõ lý do chậm trả kết quả"
        );
        // Exactly one day before is still in time.
        let done = ok(&p, sorry("2026-11-12T08:00"), "2026-11-08T08:00");
        assert!(done.apologised);
        assert_eq!(done.due, Some(dt("2026-11-12T08:00")));
        assert_eq!(
            refusal(&done, sorry("2026-11-20T08:00"), "2026-11-09T08:00"),
            "Chỉ được xin lỗi và hẹn lại ngày trả kết quả một lần (NĐ 118/2025/NĐ-CP Điều 19 khoản 6)"
        );
        let new = Dossier::submitted(Channel::Online);
        assert!(step(&new, sorry("2026-11-12T08:00"), "2026-11-06T08:00").is_err());
        let resolved = ok(
            &ok(&p, Action::Submit, "2026-11-03T08:00"),
            Action::Approve,
            "2026-11-03T09:00",
        );
        assert_eq!(
            refusal(&resolved, sorry("2026-11-12T08:00"), "2026-11-04T08:00"),
            "Không thể xin lỗi và hẹn lại ngày trả kết quả khi hồ sơ đang ở trạng thái «Đã xử lý xong»"
        );
    }

    #[test]
    fn withdraw_and_stop() {
        let new = Dossier::submitted(Channel::Online);
        let w = ok(&new, Action::Withdraw, "2026-11-02T08:00");
        assert_eq!(w.status, Status::Withdrawn);
        assert_eq!(
            refusal(&w, Action::Accept, "2026-11-02T09:00"),
            "Hồ sơ đã được rút theo yêu cầu của công dân, không thể tiếp nhận hồ sơ"
        );
        assert_eq!(
            refusal(&new, stop(reason()), "2026-11-02T08:00"),
            "Không thể dừng xử lý hồ sơ khi hồ sơ đang ở trạng thái «Mới đăng ký»"
        );
        let p = processing();
        for d in [
            p.clone(),
            ok(&p, Action::RequestFinancial, "2026-11-03T08:00"),
            ok(&p, request_supplement(reason()), "2026-11-03T08:00"),
        ] {
            assert_eq!(
                ok(&d, Action::Withdraw, "2026-11-04T08:00").status,
                Status::Withdrawn
            );
            let stopped = ok(&d, stop(reason()), "2026-11-04T08:00");
            assert_eq!(stopped.status, Status::Stopped);
            assert_eq!(
                refusal(&stopped, Action::Withdraw, "2026-11-04T09:00"),
                "Hồ sơ đã dừng xử lý, không thể rút hồ sơ"
            );
        }
        assert_eq!(
            refusal(&p, stop(" "), "2026-11-04T08:00"),
            "Phải ghi rõ lý do dừng xử lý"
        );
        let resolved = ok(
            &ok(&p, Action::Submit, "2026-11-03T08:00"),
            Action::Approve,
            "2026-11-03T09:00",
        );
        assert_eq!(
            refusal(&resolved, Action::Withdraw, "2026-11-04T08:00"),
            "Không thể rút hồ sơ khi hồ sơ đang ở trạng thái «Đã xử lý xong»"
        );
        assert!(step(&resolved, stop(reason()), "2026-11-04T08:00").is_err());
    }

    #[test]
    fn action_codes_are_unique_snake_case() {
        let all = sample_actions();
        let mut codes: Vec<&str> = all.iter().map(Action::code).collect();
        assert!(
            codes
                .iter()
                .all(|c| c.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'))
        );
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), 17);
        let mut labels: Vec<&str> = all.iter().map(Action::label).collect();
        labels.sort_unstable();
        labels.dedup();
        assert_eq!(labels.len(), 17);
    }

    fn sample_actions() -> Vec<Action> {
        let r = String::from("x");
        vec![
            Action::Accept,
            refuse(r.clone()),
            intake_supplement(r.clone()),
            Action::Assign,
            Action::Submit,
            send_back(r.clone()),
            transfer(r.clone()),
            Action::TransferBack,
            request_supplement(r.clone()),
            Action::SupplementReceived,
            Action::RequestFinancial,
            Action::FinancialDone,
            Action::Apologise {
                reason: r.clone(),
                new_due: dt("2026-01-01T08:00"),
            },
            Action::Approve,
            Action::ReturnResult,
            Action::Withdraw,
            stop(r),
        ]
    }

    #[test]
    fn timeliness_by_day_then_moment() {
        let due = dt("2026-11-09T08:00");
        assert_eq!(timeliness(due, dt("2026-11-06T16:00")), Timeliness::Early);
        assert_eq!(timeliness(due, dt("2026-11-08T23:59")), Timeliness::Early);
        assert_eq!(timeliness(due, dt("2026-11-09T07:00")), Timeliness::OnTime);
        assert_eq!(timeliness(due, due), Timeliness::OnTime);
        assert_eq!(timeliness(due, dt("2026-11-09T08:01")), Timeliness::Late);
        assert_eq!(timeliness(due, dt("2026-11-10T07:00")), Timeliness::Late);
        assert_eq!(Timeliness::OnTime.label(), "Đúng hạn");
    }

    #[test]
    fn masked_names() {
        assert_eq!(mask_name("Nguyễn Văn An"), "Nguyễn V. A.");
        assert_eq!(mask_name("  Lê   thị  Ánh "), "Lê T. Á.");
        assert_eq!(mask_name("Bảo"), "Bảo");
        assert_eq!(mask_name(""), "");
        assert_eq!(mask_name("Đỗ Đức"), "Đỗ Đ.");
        // NFD input (Unikey, Word on macOS) masks to the same letters.
        let nfd: String = "Trần Ánh".nfd().collect();
        assert_eq!(mask_name(&nfd), "Trần Á.");
    }

    // ---- properties ----------------------------------------------------

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![Just(String::new()), "[a-zđ ]{1,8}"]
    }

    /// A moment in 2025–2027, to the minute.
    fn moment() -> impl Strategy<Value = DateTime> {
        (0i64..3 * 365 * 24 * 60).prop_map(|m| {
            dt("2025-01-01T00:00")
                .checked_add(m.minutes())
                .expect("within range")
        })
    }

    /// Any action; those that move a dossier on are likelier than those
    /// that end it, so that histories reach the later statuses.
    fn action() -> impl Strategy<Value = Action> {
        prop_oneof![
            4 => Just(Action::Accept),
            1 => text().prop_map(|reason| Action::Refuse { reason }),
            1 => text().prop_map(|reason| Action::IntakeSupplement { reason }),
            4 => Just(Action::Assign),
            4 => Just(Action::Submit),
            2 => text().prop_map(|reason| Action::SendBack { reason }),
            2 => text().prop_map(|agency| Action::Transfer { agency }),
            2 => Just(Action::TransferBack),
            3 => text().prop_map(|reason| Action::RequestSupplement { reason }),
            3 => Just(Action::SupplementReceived),
            2 => Just(Action::RequestFinancial),
            2 => Just(Action::FinancialDone),
            3 => (text(), moment())
                .prop_map(|(reason, new_due)| Action::Apologise { reason, new_due }),
            4 => Just(Action::Approve),
            4 => Just(Action::ReturnResult),
            1 => Just(Action::Withdraw),
            1 => text().prop_map(|reason| Action::Stop { reason }),
        ]
    }

    fn channel() -> impl Strategy<Value = Channel> {
        prop::sample::select(Channel::ALL.to_vec())
    }

    fn processing_time() -> impl Strategy<Value = ProcessingTime> {
        prop_oneof![
            (1u32..=30).prop_map(ProcessingTime::WorkingDays),
            (1u32..=40).prop_map(ProcessingTime::WorkingHours),
            (7i8..=16, 0i8..60).prop_map(|(h, m)| ProcessingTime::SameDay {
                cutoff: jiff::civil::Time::new(h, m, 0, 0).expect("valid")
            }),
        ]
    }

    /// What must hold of every state reachable from a new dossier.
    fn check(d: &Dossier) -> Result<(), TestCaseError> {
        prop_assert!(d.supplements <= 1);
        prop_assert_eq!(d.supplements == 1, d.supplement_requested_at.is_some());
        prop_assert_eq!(d.received_at.is_some(), d.due.is_some());
        let accepted = !matches!(
            d.status,
            Status::New | Status::NotAccepted | Status::Withdrawn
        );
        if accepted {
            prop_assert!(d.received_at.is_some(), "{:?} without receipt", d.status);
        }
        if matches!(d.status, Status::New | Status::NotAccepted) {
            prop_assert!(d.received_at.is_none());
            prop_assert_eq!(d.step, Step::Receive);
            prop_assert_eq!(d.supplements, 0);
            prop_assert!(!d.apologised);
        }
        prop_assert_eq!(d.step == Step::Transfer, d.transferred_to.is_some());
        prop_assert_eq!(
            d.step == Step::Return,
            matches!(d.status, Status::Resolved | Status::Returned)
        );
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn random_histories_keep_the_invariants(
            c in channel(),
            time in processing_time(),
            start in moment(),
            actions in prop::collection::vec((action(), 1i64..4 * 24 * 60), 0..60),
        ) {
            let mut d = Dossier::submitted(c);
            let mut at = start;
            let mut apologies = 0;
            check(&d)?;
            for (a, gap) in &actions {
                at = at.checked_add(gap.minutes()).expect("within range");
                match apply(&d, a, at, &time, cal()) {
                    Ok(next) => {
                        prop_assert!(!d.status.is_terminal(), "{:?} changed", d.status);
                        prop_assert_eq!(next.channel, d.channel);
                        if next.status == Status::Returned {
                            prop_assert_eq!(d.status, Status::Resolved);
                        }
                        if d.received_at.is_some() {
                            prop_assert_eq!(next.received_at, d.received_at);
                        }
                        if matches!(a, Action::Apologise { .. }) {
                            apologies += 1;
                        }
                        d = next;
                    }
                    Err(message) => {
                        prop_assert!(!message.is_empty());
                        if d.status.is_terminal() {
                            prop_assert!(message.contains(", không thể "), "{}", message);
                        }
                    }
                }
                prop_assert!(apologies <= 1);
                prop_assert_eq!(d.apologised, apologies == 1);
                check(&d)?;
            }
        }

        #[test]
        fn the_due_date_after_a_supplement_follows_art_19_5(
            time in processing_time(),
            accepted in moment(),
            asked_after in 0i64..10 * 24 * 60,
            completed_after in 0i64..30 * 24 * 60,
        ) {
            let asked = accepted.checked_add((60 + asked_after).minutes()).expect("in range");
            let completed = asked.checked_add(completed_after.minutes()).expect("in range");
            let mut d = Dossier::submitted(Channel::Online);
            for (a, t) in [
                (Action::Accept, accepted),
                (Action::Assign, accepted),
                (request_supplement("thiếu"), asked),
                (Action::SupplementReceived, completed),
            ] {
                d = apply(&d, &a, t, &time, cal()).map_err(TestCaseError::fail)?;
            }
            prop_assert_eq!(d.status, Status::Processing);
            prop_assert_eq!(d.due, Some(time.due(cal(), completed).expect("computable")));
            prop_assert_eq!(d.received_at, Some(accepted));
            prop_assert_eq!(d.supplement_requested_at, Some(asked));
        }
    }
}
