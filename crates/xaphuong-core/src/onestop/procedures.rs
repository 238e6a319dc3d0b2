//! Administrative procedures (thủ tục hành chính, TTHC) handled at the
//! commune's one-stop counter: their legal processing time, fee, papers and
//! the statute behind each, and a starter catalogue of the ones a ward
//! handles most.
//!
//! A processing time counts from the receipt of a complete, valid dossier
//! (NĐ 118/2025/NĐ-CP Art. 17(3)); how working days and hours are counted is
//! the calendar's business (`calendar::working`).

use jiff::civil::{DateTime, Time};
use serde::{Deserialize, Serialize};

use crate::calendar::working::{SAME_DAY_CUTOFF, WorkCalendar, WorkError};
use crate::checks::required_text;
use crate::onestop::lifecycle::{Step, Timeliness, timeliness};
use crate::{Invalid, text};

/// How long the law gives a procedure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProcessingTime {
    /// N working days of office time from receipt.
    WorkingDays(u32),
    /// N working hours of office time from receipt.
    WorkingHours(u32),
    /// The same working day, or the next one when received after `cutoff`
    /// (Luật Hộ tịch 2014 for civil status; NĐ 23/2015/NĐ-CP Art. 7 for
    /// certification: cut-off 15:00).
    SameDay { cutoff: Time },
}

impl ProcessingTime {
    /// The same-day rule with the statutory 15:00 cut-off.
    pub const SAME_DAY: ProcessingTime = ProcessingTime::SameDay {
        cutoff: SAME_DAY_CUTOFF,
    };

    /// As printed on the receipt (Giấy tiếp nhận) and the procedure page.
    pub fn as_text(&self) -> String {
        match self {
            ProcessingTime::WorkingDays(n) => format!("{n} ngày làm việc"),
            ProcessingTime::WorkingHours(n) => format!("{n} giờ làm việc"),
            ProcessingTime::SameDay { cutoff } => format!(
                "Trong ngày (nhận sau {} trả ngày làm việc tiếp theo)",
                hh_mm(*cutoff)
            ),
        }
    }

    /// Reads the storage form: `days:5`, `hours:8`, `same_day:15:00`.
    /// A zero count is refused: no procedure takes no time.
    pub fn parse(s: &str) -> Option<Self> {
        let (kind, value) = s.trim().split_once(':')?;
        match kind {
            "days" => positive(value).map(ProcessingTime::WorkingDays),
            "hours" => positive(value).map(ProcessingTime::WorkingHours),
            "same_day" => {
                let (h, m) = value.split_once(':')?;
                if h.len() != 2 || m.len() != 2 {
                    return None;
                }
                let cutoff = Time::new(h.parse().ok()?, m.parse().ok()?, 0, 0).ok()?;
                Some(ProcessingTime::SameDay { cutoff })
            }
            _ => None,
        }
    }

    /// The storage form read by [`ProcessingTime::parse`]; the cut-off is
    /// kept to the minute.
    pub fn storage(&self) -> String {
        match self {
            ProcessingTime::WorkingDays(n) => format!("days:{n}"),
            ProcessingTime::WorkingHours(n) => format!("hours:{n}"),
            ProcessingTime::SameDay { cutoff } => format!("same_day:{}", hh_mm(*cutoff)),
        }
    }

    /// The due moment of a dossier received (or whose clock restarted) at
    /// `received`.
    pub fn due(&self, cal: &WorkCalendar, received: DateTime) -> Result<DateTime, WorkError> {
        match *self {
            ProcessingTime::WorkingDays(n) => cal.add_working_days(received, i64::from(n)),
            ProcessingTime::WorkingHours(n) => cal.add_working_hours(received, i64::from(n)),
            ProcessingTime::SameDay { cutoff } => cal.same_day(received, cutoff),
        }
    }
}

fn positive(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok().filter(|n| *n > 0)
}

fn hh_mm(t: Time) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// The deadline of each step of the workflow — receive, specialist, leader,
/// return — when the clock ran from `start` to `due`: each step ends after
/// its share (in %) of the office time between them, counted cumulatively,
/// and the last ends at `due` itself (Phiếu kiểm soát quá trình giải quyết).
pub fn step_deadlines(
    cal: &WorkCalendar,
    start: DateTime,
    due: DateTime,
    shares: &[u32],
) -> Result<Vec<DateTime>, WorkError> {
    let total = cal.minutes_between(start, due)?;
    let sum: i64 = shares.iter().map(|s| i64::from(*s)).sum();
    let mut out = Vec::with_capacity(shares.len());
    let mut acc = 0i64;
    for (i, s) in shares.iter().enumerate() {
        acc += i64::from(*s);
        if i + 1 == shares.len() || sum == 0 {
            out.push(due);
        } else {
            out.push(cal.add_minutes(start, total * acc / sum)?.min(due));
        }
    }
    Ok(out)
}

impl ProcessingTime {
    /// The time as an officer writes it in the catalogue file: "5 ngày làm
    /// việc", "5 ngày", "8 giờ", "Trong ngày", or the storage form.
    pub fn read(s: &str) -> Option<Self> {
        if let Some(t) = Self::parse(s) {
            return Some(t);
        }
        let key = crate::text::fold(s);
        if key.starts_with("trong ngay") {
            return Some(Self::SAME_DAY);
        }
        let (n, rest) = key.split_once(' ')?;
        let n = positive(n)?;
        if rest.starts_with("ngay") {
            Some(ProcessingTime::WorkingDays(n))
        } else if rest.starts_with("gio") {
            Some(ProcessingTime::WorkingHours(n))
        } else {
            None
        }
    }
}

/// A procedure as typed into the form or a row of the catalogue file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProcedureInput {
    pub code: String,
    pub name: String,
    pub field: String,
    pub time: String,
    pub fee: String,
    /// One paper per line (or separated by ";").
    pub papers: String,
    pub result: String,
    pub online: String,
    pub basis: String,
    /// "10;60;20;10": receive, specialist, leader, return.
    pub steps: String,
}

/// A procedure that passed [`validate_procedure`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidProcedure {
    pub code: String,
    pub name: String,
    pub field: String,
    pub time: ProcessingTime,
    pub fee: String,
    pub papers: Vec<String>,
    pub result: String,
    pub online: OnlineLevel,
    pub basis: String,
    pub steps: [u32; 4],
}

/// Checks a procedure: the national code's shape (one digit, a dot, six
/// digits, as on the Cơ sở dữ liệu quốc gia về TTHC), a name, a field, a
/// processing time, the online level and the steps' shares. An empty steps
/// cell takes the usual split for the kind of time.
pub fn validate_procedure(i: &ProcedureInput) -> Result<ValidProcedure, Invalid> {
    let mut e = Invalid::default();
    let code = i.code.trim().to_owned();
    let code_ok = code.split_once('.').is_some_and(|(a, b)| {
        !a.is_empty()
            && a.len() <= 2
            && b.len() == 6
            && a.bytes().chain(b.bytes()).all(|c| c.is_ascii_digit())
    });
    if code.is_empty() {
        e.push("code", "Chưa nhập mã thủ tục");
    } else if !code_ok {
        e.push(
            "code",
            "Mã thủ tục có dạng 1.001193 (theo Cơ sở dữ liệu quốc gia về TTHC)",
        );
    }
    let name = required_text(
        &mut e,
        "name",
        &i.name,
        500,
        "Chưa nhập tên thủ tục",
        "Tên thủ tục dài quá 500 ký tự",
    );
    let field = text::clean(&i.field);
    if field.is_empty() {
        e.push("field", "Chưa nhập lĩnh vực");
    }
    let time = ProcessingTime::read(&i.time);
    if time.is_none() {
        e.push(
            "time",
            "Thời hạn giải quyết ghi như «5 ngày làm việc», «8 giờ làm việc» hoặc «Trong ngày»",
        );
    }
    let online = if i.online.trim().is_empty() {
        Some(OnlineLevel::Offline)
    } else {
        OnlineLevel::read(&i.online)
    };
    if online.is_none() {
        e.push(
            "online",
            format!(
                "Mức dịch vụ công trực tuyến ghi một trong: {}",
                OnlineLevel::labels()
            ),
        );
    }
    let steps = if i.steps.trim().is_empty() {
        Ok(match time {
            Some(ProcessingTime::SameDay { .. }) | Some(ProcessingTime::WorkingHours(_)) => {
                SAME_DAY_STEPS
            }
            _ => DAYS_STEPS,
        })
    } else {
        let parts: Result<Vec<u32>, _> = i
            .steps
            .split([';', ',', '/'])
            .map(|x| x.trim().trim_end_matches('%').parse::<u32>())
            .collect();
        match parts {
            Ok(p) => validate_steps(&p),
            Err(_) => Err("Tỷ lệ các bước là số nguyên, ví dụ 10;60;20;10"),
        }
    };
    if let Err(m) = steps {
        e.push("steps", m);
    }
    let papers: Vec<String> = i
        .papers
        .split(['\n', ';'])
        .map(text::clean)
        .filter(|x| !x.is_empty())
        .collect();
    e.into_result()?;
    Ok(ValidProcedure {
        code,
        name,
        field,
        time: time.unwrap_or(ProcessingTime::SAME_DAY),
        fee: text::clean(&i.fee),
        papers,
        result: text::clean(&i.result),
        online: online.unwrap_or(OnlineLevel::Offline),
        basis: text::clean(&i.basis),
        steps: steps.unwrap_or(DAYS_STEPS),
    })
}

/// The action that ends each step of the workflow, in order.
pub const STEP_ENDS: [(Step, &str); 4] = [
    (Step::Receive, "assign"),
    (Step::Specialist, "submit"),
    (Step::Leader, "approve"),
    (Step::Return, "return_result"),
];

/// One line of the Phiếu kiểm soát: a step, its deadline, when it ended and
/// whether in time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepProgress {
    pub step: Step,
    pub deadline: DateTime,
    pub done: Option<DateTime>,
    /// How the step kept its deadline, once done.
    pub verdict: Option<Timeliness>,
    /// Not done and its deadline has passed.
    pub overdue: bool,
}

/// Each step's progress, given its deadline (from [`step_deadlines`]) and
/// the moments the timeline's actions were taken since the clock started.
pub fn step_progress(
    deadlines: &[DateTime],
    taken: &[(&str, DateTime)],
    now: DateTime,
) -> Vec<StepProgress> {
    STEP_ENDS
        .iter()
        .zip(deadlines)
        .map(|((step, action), deadline)| {
            let done = taken.iter().find(|(a, _)| a == action).map(|(_, t)| *t);
            StepProgress {
                step: *step,
                deadline: *deadline,
                done,
                verdict: done.map(|t| timeliness(*deadline, t)),
                overdue: done.is_none() && now > *deadline,
            }
        })
        .collect()
}

/// Checks the per-step shares of a procedure: four whole percentages that
/// add up to 100.
pub fn validate_steps(shares: &[u32]) -> Result<[u32; 4], &'static str> {
    match shares {
        [a, b, c, d] if a + b + c + d == 100 => Ok([*a, *b, *c, *d]),
        [_, _, _, _] => Err("Tỷ lệ thời gian các bước phải cộng lại bằng 100"),
        _ => Err("Ghi đủ tỷ lệ thời gian 4 bước: tiếp nhận, chuyên môn, lãnh đạo, trả kết quả"),
    }
}

named_enum! {
    /// How far a procedure can be done online (NĐ 42/2022/NĐ-CP): toàn
    /// trình = filed and resolved entirely online, the result online or by
    /// public post; một phần = the rest of the online ones.
    OnlineLevel {
        Full => ("full", "Toàn trình"),
        Partial => ("partial", "Một phần"),
        Offline => ("offline", "Trực tiếp"),
    }
}

/// A procedure as the commune publishes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProcedureSpec {
    /// The national TTHC code on the Cơ sở dữ liệu quốc gia về TTHC, e.g.
    /// "1.001193".
    pub code: &'static str,
    pub name: &'static str,
    /// The field (lĩnh vực): "Hộ tịch", "Chứng thực", …
    pub field: &'static str,
    pub time: ProcessingTime,
    pub fee: &'static str,
    /// Papers to file, one line each.
    pub papers: &'static [&'static str],
    pub result: &'static str,
    pub online: OnlineLevel,
    /// The legal basis of the time limit, with its article.
    pub basis: &'static str,
    /// Share of the time, in %, for each step: receive, specialist, leader,
    /// return; sums to 100. Feeds the Phiếu kiểm soát's per-step deadlines.
    pub steps: [u32; 4],
}

/// The starter catalogue's procedure with this national code.
pub fn find(code: &str) -> Option<&'static ProcedureSpec> {
    STARTER.iter().find(|p| p.code == code)
}

const HO_TICH: &str = "Hộ tịch";
const CHUNG_THUC: &str = "Chứng thực";
const HO_KINH_DOANH: &str = "Thành lập và hoạt động của hộ kinh doanh";

const FEE_PROVINCE: &str = "Theo mức Hội đồng nhân dân cấp tỉnh quy định; miễn cho người thuộc gia đình có công với cách mạng, hộ nghèo, người khuyết tật (Luật Hộ tịch 2014, Điều 11)";
const FEE_COPY: &str = "2.000 đồng/trang; từ trang thứ ba 1.000 đồng/trang, tối đa 200.000 đồng/bản (Thông tư 226/2016/TT-BTC)";

/// Steps of a same-day procedure: most of the day is the specialist's.
const SAME_DAY_STEPS: [u32; 4] = [10, 50, 30, 10];
/// Steps of a procedure of several days.
const DAYS_STEPS: [u32; 4] = [10, 60, 20, 10];

/// The procedures a ward handles most, with the times the law gives them.
/// A deployment copies these into its catalogue and edits them there; the
/// province's own published list (quyết định công bố TTHC) prevails.
pub const STARTER: &[ProcedureSpec] = &[
    // ---- Hộ tịch -------------------------------------------------------
    ProcedureSpec {
        code: "1.001193",
        name: "Đăng ký khai sinh",
        field: HO_TICH,
        time: ProcessingTime::SAME_DAY,
        fee: "Miễn lệ phí khi đăng ký đúng hạn; quá hạn theo mức Hội đồng nhân dân cấp tỉnh quy định (Luật Hộ tịch 2014, Điều 11)",
        papers: &[
            "Tờ khai đăng ký khai sinh (theo mẫu)",
            "Giấy chứng sinh (nếu không có: văn bản của người làm chứng hoặc giấy cam đoan về việc sinh)",
        ],
        result: "Giấy khai sinh (bản chính)",
        online: OnlineLevel::Full,
        basis: "Luật Hộ tịch 2014, Điều 16 khoản 2 (giải quyết ngay; nhận sau 15 giờ trả trong ngày làm việc tiếp theo)",
        steps: SAME_DAY_STEPS,
    },
    ProcedureSpec {
        code: "1.000894",
        name: "Đăng ký kết hôn",
        field: HO_TICH,
        time: ProcessingTime::SAME_DAY,
        fee: "Miễn lệ phí (Luật Hộ tịch 2014, Điều 11)",
        papers: &[
            "Tờ khai đăng ký kết hôn (theo mẫu)",
            "Giấy xác nhận tình trạng hôn nhân, nếu không cư trú tại nơi đăng ký và không khai thác được từ cơ sở dữ liệu",
        ],
        result: "Giấy chứng nhận kết hôn",
        online: OnlineLevel::Partial,
        basis: "Luật Hộ tịch 2014, Điều 18 khoản 2 (cần xác minh điều kiện kết hôn: không quá 05 ngày làm việc)",
        steps: SAME_DAY_STEPS,
    },
    ProcedureSpec {
        code: "1.000656",
        name: "Đăng ký khai tử",
        field: HO_TICH,
        time: ProcessingTime::SAME_DAY,
        fee: "Miễn lệ phí khi đăng ký đúng hạn (Luật Hộ tịch 2014, Điều 11)",
        papers: &[
            "Tờ khai đăng ký khai tử (theo mẫu)",
            "Giấy báo tử hoặc giấy tờ thay thế Giấy báo tử",
        ],
        result: "Trích lục khai tử",
        online: OnlineLevel::Full,
        basis: "Luật Hộ tịch 2014, Điều 34 khoản 2 (giải quyết ngay sau khi nhận giấy tờ)",
        steps: SAME_DAY_STEPS,
    },
    ProcedureSpec {
        code: "1.001022",
        name: "Đăng ký nhận cha, mẹ, con",
        field: HO_TICH,
        time: ProcessingTime::WorkingDays(3),
        fee: FEE_PROVINCE,
        papers: &[
            "Tờ khai đăng ký nhận cha, mẹ, con (theo mẫu)",
            "Văn bản hoặc chứng cứ chứng minh quan hệ cha, con hoặc mẹ, con",
        ],
        result: "Trích lục đăng ký nhận cha, mẹ, con",
        online: OnlineLevel::Partial,
        basis: "Luật Hộ tịch 2014, Điều 25 khoản 2 (cần xác minh: kéo dài thêm không quá 05 ngày làm việc)",
        steps: DAYS_STEPS,
    },
    ProcedureSpec {
        code: "1.000689",
        name: "Đăng ký khai sinh kết hợp đăng ký nhận cha, mẹ, con",
        field: HO_TICH,
        time: ProcessingTime::WorkingDays(3),
        fee: FEE_PROVINCE,
        papers: &[
            "Tờ khai đăng ký khai sinh và Tờ khai đăng ký nhận cha, mẹ, con (theo mẫu)",
            "Giấy chứng sinh hoặc giấy tờ thay thế",
            "Văn bản hoặc chứng cứ chứng minh quan hệ cha, con hoặc mẹ, con",
        ],
        result: "Giấy khai sinh và Trích lục đăng ký nhận cha, mẹ, con",
        online: OnlineLevel::Partial,
        // Article of NĐ 123/2015 UNCONFIRMED.
        basis: "Nghị định 123/2015/NĐ-CP, Điều 15; Luật Hộ tịch 2014, Điều 25 khoản 2",
        steps: DAYS_STEPS,
    },
    ProcedureSpec {
        code: "1.004859",
        name: "Thay đổi, cải chính, bổ sung thông tin hộ tịch, xác định lại dân tộc",
        field: HO_TICH,
        time: ProcessingTime::WorkingDays(3),
        fee: FEE_PROVINCE,
        papers: &[
            "Tờ khai đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch (theo mẫu)",
            "Giấy tờ làm căn cứ thay đổi, cải chính, bổ sung",
        ],
        result: "Trích lục thay đổi, cải chính, bổ sung thông tin hộ tịch",
        online: OnlineLevel::Partial,
        basis: "Luật Hộ tịch 2014, Điều 28 khoản 2 (cần xác minh: kéo dài thêm không quá 03 ngày làm việc); bổ sung thông tin: Điều 29 khoản 2",
        steps: DAYS_STEPS,
    },
    ProcedureSpec {
        code: "2.000635",
        name: "Cấp bản sao trích lục hộ tịch",
        field: HO_TICH,
        time: ProcessingTime::SAME_DAY,
        fee: "8.000 đồng/bản sao trích lục (Thông tư 281/2016/TT-BTC)",
        papers: &["Tờ khai cấp bản sao trích lục hộ tịch (theo mẫu)"],
        result: "Bản sao trích lục hộ tịch",
        online: OnlineLevel::Full,
        // Article UNCONFIRMED; the same-day time is the one the Ministry of
        // Justice publishes for this TTHC.
        basis: "Luật Hộ tịch 2014, Điều 63; thời hạn theo thủ tục do Bộ Tư pháp công bố",
        steps: SAME_DAY_STEPS,
    },
    ProcedureSpec {
        code: "1.004873",
        name: "Cấp Giấy xác nhận tình trạng hôn nhân",
        field: HO_TICH,
        time: ProcessingTime::WorkingDays(3),
        fee: FEE_PROVINCE,
        papers: &["Tờ khai cấp Giấy xác nhận tình trạng hôn nhân (theo mẫu)"],
        result: "Giấy xác nhận tình trạng hôn nhân",
        online: OnlineLevel::Full,
        basis: "Nghị định 123/2015/NĐ-CP, Điều 22 khoản 2",
        steps: DAYS_STEPS,
    },
    ProcedureSpec {
        code: "1.004837",
        name: "Đăng ký giám hộ",
        field: HO_TICH,
        time: ProcessingTime::WorkingDays(3),
        fee: "Miễn lệ phí (Luật Hộ tịch 2014, Điều 11)",
        papers: &[
            "Tờ khai đăng ký giám hộ (theo mẫu)",
            "Văn bản cử người giám hộ, hoặc giấy tờ chứng minh điều kiện giám hộ đương nhiên",
        ],
        result: "Trích lục đăng ký giám hộ",
        online: OnlineLevel::Partial,
        basis: "Luật Hộ tịch 2014, Điều 20 khoản 2",
        steps: DAYS_STEPS,
    },
    ProcedureSpec {
        code: "1.004884",
        name: "Đăng ký lại khai sinh",
        field: HO_TICH,
        time: ProcessingTime::WorkingDays(5),
        fee: FEE_PROVINCE,
        papers: &[
            "Tờ khai đăng ký lại khai sinh (theo mẫu)",
            "Bản sao Giấy khai sinh trước đây, hoặc giấy tờ có thông tin về họ tên, ngày sinh, cha mẹ",
        ],
        result: "Giấy khai sinh (đăng ký lại)",
        online: OnlineLevel::Partial,
        basis: "Nghị định 123/2015/NĐ-CP, Điều 26 khoản 2",
        steps: DAYS_STEPS,
    },
    ProcedureSpec {
        code: "1.004746",
        name: "Đăng ký lại kết hôn",
        field: HO_TICH,
        time: ProcessingTime::WorkingDays(5),
        fee: FEE_PROVINCE,
        papers: &[
            "Tờ khai đăng ký lại kết hôn (theo mẫu)",
            "Bản sao Giấy chứng nhận kết hôn trước đây, hoặc giấy tờ chứng minh việc kết hôn",
        ],
        result: "Giấy chứng nhận kết hôn (đăng ký lại)",
        online: OnlineLevel::Partial,
        basis: "Nghị định 123/2015/NĐ-CP, Điều 27 khoản 2",
        steps: DAYS_STEPS,
    },
    ProcedureSpec {
        code: "1.005461",
        name: "Đăng ký lại khai tử",
        field: HO_TICH,
        time: ProcessingTime::WorkingDays(5),
        fee: FEE_PROVINCE,
        papers: &[
            "Tờ khai đăng ký lại khai tử (theo mẫu)",
            "Bản sao Giấy chứng tử trước đây, hoặc giấy tờ chứng minh sự kiện chết",
        ],
        result: "Trích lục khai tử (đăng ký lại)",
        online: OnlineLevel::Partial,
        basis: "Nghị định 123/2015/NĐ-CP, Điều 28 khoản 2",
        steps: DAYS_STEPS,
    },
    // ---- Chứng thực ------------------------------------------------------
    // NĐ 23/2015/NĐ-CP was amended by NĐ 07/2025/NĐ-CP and NĐ 280/2025/NĐ-CP
    // (which renames "hợp đồng, giao dịch" to "giao dịch"); Art. 7 keeps the
    // same-day rule with the 15:00 cut-off.
    ProcedureSpec {
        code: "2.000815",
        name: "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền của Việt Nam cấp hoặc chứng nhận",
        field: CHUNG_THUC,
        time: ProcessingTime::SAME_DAY,
        fee: FEE_COPY,
        papers: &["Bản chính giấy tờ, văn bản", "Bản sao cần chứng thực"],
        result: "Bản sao được chứng thực từ bản chính",
        online: OnlineLevel::Offline,
        basis: "Nghị định 23/2015/NĐ-CP (đã sửa đổi), Điều 7 (nhiều bản, nhiều trang: kéo dài không quá 02 ngày làm việc, Điều 21)",
        steps: SAME_DAY_STEPS,
    },
    ProcedureSpec {
        code: "2.000884",
        name: "Chứng thực chữ ký trong các giấy tờ, văn bản (kể cả điểm chỉ)",
        field: CHUNG_THUC,
        time: ProcessingTime::SAME_DAY,
        fee: "10.000 đồng/trường hợp (Thông tư 226/2016/TT-BTC)",
        papers: &[
            "Giấy tờ tùy thân còn giá trị sử dụng",
            "Giấy tờ, văn bản cần chứng thực chữ ký",
        ],
        result: "Giấy tờ, văn bản được chứng thực chữ ký",
        online: OnlineLevel::Offline,
        basis: "Nghị định 23/2015/NĐ-CP (đã sửa đổi), Điều 7",
        steps: SAME_DAY_STEPS,
    },
    ProcedureSpec {
        code: "2.001035",
        name: "Chứng thực giao dịch liên quan đến tài sản là động sản, quyền sử dụng đất, nhà ở",
        field: CHUNG_THUC,
        time: ProcessingTime::WorkingDays(2),
        fee: "50.000 đồng/giao dịch (Thông tư 226/2016/TT-BTC)",
        papers: &[
            "Dự thảo hợp đồng, giao dịch",
            "Giấy tờ tùy thân của người yêu cầu chứng thực",
            "Giấy chứng nhận quyền sở hữu, quyền sử dụng tài sản hoặc giấy tờ thay thế",
        ],
        result: "Hợp đồng, giao dịch được chứng thực",
        online: OnlineLevel::Offline,
        basis: "Nghị định 23/2015/NĐ-CP (đã sửa đổi), Điều 37 (không quá 02 ngày làm việc)",
        steps: DAYS_STEPS,
    },
    ProcedureSpec {
        code: "2.000913",
        name: "Chứng thực việc sửa đổi, bổ sung, hủy bỏ giao dịch",
        field: CHUNG_THUC,
        time: ProcessingTime::WorkingDays(2),
        fee: "30.000 đồng/giao dịch (Thông tư 226/2016/TT-BTC)",
        papers: &[
            "Văn bản sửa đổi, bổ sung, hủy bỏ hợp đồng, giao dịch",
            "Hợp đồng, giao dịch đã được chứng thực",
        ],
        result: "Văn bản sửa đổi, bổ sung, hủy bỏ được chứng thực",
        online: OnlineLevel::Offline,
        basis: "Nghị định 23/2015/NĐ-CP (đã sửa đổi), Điều 37, Điều 38",
        steps: DAYS_STEPS,
    },
    ProcedureSpec {
        code: "2.000942",
        name: "Cấp bản sao có chứng thực từ bản chính hợp đồng, giao dịch đã được chứng thực",
        field: CHUNG_THUC,
        time: ProcessingTime::SAME_DAY,
        fee: FEE_COPY,
        papers: &[
            "Giấy tờ tùy thân của người yêu cầu (bên tham gia hợp đồng, giao dịch hoặc người được ủy quyền)",
        ],
        result: "Bản sao có chứng thực hợp đồng, giao dịch",
        online: OnlineLevel::Offline,
        basis: "Nghị định 23/2015/NĐ-CP (đã sửa đổi), Điều 7",
        steps: SAME_DAY_STEPS,
    },
    ProcedureSpec {
        code: "2.001019",
        name: "Chứng thực di chúc",
        field: CHUNG_THUC,
        time: ProcessingTime::WorkingDays(2),
        fee: "50.000 đồng/di chúc (Thông tư 226/2016/TT-BTC)",
        papers: &[
            "Dự thảo di chúc",
            "Giấy tờ tùy thân của người lập di chúc",
            "Giấy tờ chứng minh quyền sở hữu, quyền sử dụng tài sản (nếu di chúc định đoạt tài sản phải đăng ký)",
        ],
        result: "Di chúc được chứng thực",
        online: OnlineLevel::Offline,
        basis: "Nghị định 23/2015/NĐ-CP (đã sửa đổi), Điều 37 (không quá 02 ngày làm việc)",
        steps: DAYS_STEPS,
    },
    // ---- Hộ kinh doanh (at the commune since 01/07/2025) -------------------
    ProcedureSpec {
        code: "1.001612", // code UNCONFIRMED
        name: "Đăng ký thành lập hộ kinh doanh",
        field: HO_KINH_DOANH,
        time: ProcessingTime::WorkingDays(3),
        fee: "Theo mức Hội đồng nhân dân cấp tỉnh quy định",
        papers: &[
            "Giấy đề nghị đăng ký hộ kinh doanh",
            "Biên bản họp thành viên hộ gia đình về việc thành lập hộ kinh doanh (nếu các thành viên cùng đăng ký)",
            "Văn bản ủy quyền cho thành viên làm chủ hộ kinh doanh (nếu có)",
        ],
        result: "Giấy chứng nhận đăng ký hộ kinh doanh",
        online: OnlineLevel::Full,
        // Article UNCONFIRMED: 03 working days from a valid dossier as under
        // NĐ 01/2021/NĐ-CP (Art. 87), carried into NĐ 168/2025/NĐ-CP, which
        // moved the registration to the commune on 01/07/2025.
        basis: "Nghị định 168/2025/NĐ-CP về đăng ký doanh nghiệp (hộ kinh doanh đăng ký tại cơ quan đăng ký kinh doanh cấp xã; 03 ngày làm việc kể từ ngày nhận hồ sơ hợp lệ)",
        steps: DAYS_STEPS,
    },
];

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use proptest::prelude::*;

    use super::*;
    use crate::calendar::days_off::WeeklyRest;
    use crate::calendar::working::OfficeHours;

    fn cal() -> WorkCalendar {
        WorkCalendar::new(WeeklyRest::default(), OfficeHours::default(), true, &[])
    }

    #[test]
    fn step_deadlines_split_the_office_time_by_share() {
        let c = cal();
        // Monday 30/11/2026 08:00, 3 working days: due Thursday 08:00.
        let start = DateTime::constant(2026, 11, 30, 8, 0, 0, 0);
        let due = c.add_working_days(start, 3).unwrap();
        assert_eq!(due, DateTime::constant(2026, 12, 3, 8, 0, 0, 0));
        assert_eq!(c.minutes_between(start, due).unwrap(), 3 * 480);
        let d = step_deadlines(&c, start, due, &[10, 60, 20, 10]).unwrap();
        // Office hours 07:00–11:30, 13:30–17:00; Monday from 08:00 holds 420
        // minutes. 10% = 144 min: 10:24. 70% = 1008 = 420 + 480 + 108: Wed
        // 08:48. 90% = 1296 = 420 + 480 + 270 + 126: Wed 15:36.
        assert_eq!(d[0], DateTime::constant(2026, 11, 30, 10, 24, 0, 0));
        assert_eq!(d[1], DateTime::constant(2026, 12, 2, 8, 48, 0, 0));
        assert_eq!(d[2], DateTime::constant(2026, 12, 2, 15, 36, 0, 0));
        assert_eq!(d[3], due);
        // A weekend in between counts no office time.
        let fri = DateTime::constant(2026, 12, 4, 16, 0, 0, 0);
        let mon = DateTime::constant(2026, 12, 7, 8, 0, 0, 0);
        assert_eq!(c.minutes_between(fri, mon).unwrap(), 60 + 60);
        assert_eq!(c.minutes_between(mon, fri).unwrap(), 0);
    }

    #[test]
    fn step_progress_judges_each_step_against_its_own_deadline() {
        let t = |d, h| DateTime::constant(2026, 12, d, h, 0, 0, 0);
        let deadlines = [t(1, 9), t(2, 9), t(2, 15), t(3, 8)];
        let taken = [
            ("accept", t(1, 8)),
            ("assign", t(1, 8)),
            ("submit", t(2, 10)),
        ];
        let p = step_progress(&deadlines, &taken, t(2, 16));
        // Done the same day before its deadline: on time (early is a day ahead).
        assert_eq!(p[0].verdict, Some(Timeliness::OnTime));
        assert_eq!(p[1].verdict, Some(Timeliness::Late));
        assert_eq!((p[2].done, p[2].overdue), (None, true));
        assert_eq!((p[3].done, p[3].overdue), (None, false));
    }

    #[test]
    fn times_as_officers_write_them() {
        assert_eq!(
            ProcessingTime::read("5 ngày làm việc"),
            Some(ProcessingTime::WorkingDays(5))
        );
        assert_eq!(
            ProcessingTime::read("3 ngay"),
            Some(ProcessingTime::WorkingDays(3))
        );
        assert_eq!(
            ProcessingTime::read("8 giờ làm việc"),
            Some(ProcessingTime::WorkingHours(8))
        );
        assert_eq!(
            ProcessingTime::read("Trong ngày"),
            Some(ProcessingTime::SAME_DAY)
        );
        assert_eq!(
            ProcessingTime::read("days:5"),
            Some(ProcessingTime::WorkingDays(5))
        );
        assert_eq!(ProcessingTime::read("0 ngày"), None);
        assert_eq!(ProcessingTime::read("nhanh"), None);
    }

    #[test]
    fn a_procedure_row_is_checked_field_by_field() {
        let ok = ProcedureInput {
            code: "1.001193".into(),
            name: "Đăng ký khai sinh".into(),
            field: "Hộ tịch".into(),
            time: "Trong ngày".into(),
            papers: "Tờ khai; Giấy chứng sinh".into(),
            online: "Toàn trình".into(),
            ..Default::default()
        };
        let v = validate_procedure(&ok).unwrap();
        assert_eq!(v.papers, ["Tờ khai", "Giấy chứng sinh"]);
        assert_eq!(v.online, OnlineLevel::Full);
        assert_eq!(v.steps, SAME_DAY_STEPS);
        let bad = ProcedureInput {
            code: "1001193".into(),
            name: " ".into(),
            time: "sớm".into(),
            online: "có".into(),
            steps: "10;60;20;20".into(),
            ..ok
        };
        let e = validate_procedure(&bad).unwrap_err();
        assert_eq!(e.fields(), ["code", "name", "time", "online", "steps"]);
    }

    #[test]
    fn step_shares_must_be_four_and_add_up_to_100() {
        assert_eq!(validate_steps(&[10, 60, 20, 10]), Ok([10, 60, 20, 10]));
        assert!(validate_steps(&[10, 60, 20, 11]).is_err());
        assert!(validate_steps(&[50, 50]).is_err());
    }

    #[test]
    fn the_starter_catalogue_is_consistent() {
        assert!((15..=25).contains(&STARTER.len()), "{}", STARTER.len());
        let mut codes = HashSet::new();
        for p in STARTER {
            assert!(codes.insert(p.code), "duplicate code {}", p.code);
            let (a, b) = p.code.split_once('.').unwrap();
            assert!(a.len() == 1 && b.len() == 6, "{}", p.code);
            assert!(p.code.chars().all(|c| c.is_ascii_digit() || c == '.'));
            assert_eq!(p.steps.iter().sum::<u32>(), 100, "{}", p.code);
            // The catalogue file lists papers separated by ";".
            assert!(p.papers.iter().all(|x| !x.contains(';')), "{}", p.code);
            match p.time {
                ProcessingTime::WorkingDays(n) | ProcessingTime::WorkingHours(n) => {
                    assert!(n > 0, "{}", p.code)
                }
                ProcessingTime::SameDay { cutoff } => assert_eq!(cutoff, SAME_DAY_CUTOFF),
            }
            assert_eq!(ProcessingTime::parse(&p.time.storage()), Some(p.time));
            for text in [p.name, p.field, p.fee, p.result, p.basis] {
                assert!(!text.trim().is_empty(), "{}", p.code);
            }
            assert!(!p.papers.is_empty() && p.papers.iter().all(|x| !x.contains('\n')));
            // Whose article is not yet verified (see the comment there).
            let unverified = ["1.001612"];
            assert!(
                p.basis.contains("Điều") || unverified.contains(&p.code),
                "{} cites no article",
                p.code
            );
        }
        assert_eq!(find("1.001193").map(|p| p.name), Some("Đăng ký khai sinh"));
        assert!(find("9.999999").is_none());
    }

    #[test]
    fn texts_and_storage() {
        assert_eq!(ProcessingTime::WorkingDays(5).as_text(), "5 ngày làm việc");
        assert_eq!(ProcessingTime::WorkingHours(8).as_text(), "8 giờ làm việc");
        assert_eq!(
            ProcessingTime::SAME_DAY.as_text(),
            "Trong ngày (nhận sau 15:00 trả ngày làm việc tiếp theo)"
        );
        assert_eq!(ProcessingTime::WorkingDays(5).storage(), "days:5");
        assert_eq!(ProcessingTime::WorkingHours(8).storage(), "hours:8");
        assert_eq!(ProcessingTime::SAME_DAY.storage(), "same_day:15:00");
        assert_eq!(
            ProcessingTime::parse("same_day:16:30"),
            Some(ProcessingTime::SameDay {
                cutoff: Time::constant(16, 30, 0, 0)
            })
        );
        for bad in [
            "",
            "days",
            "days:",
            "days:0",
            "days:-1",
            "days:+3",
            "days:x",
            "weeks:2",
            "hours:0",
            "same_day:15",
            "same_day:25:00",
            "same_day:15:60",
            "same_day:1:00",
        ] {
            assert_eq!(ProcessingTime::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn due_delegates_to_the_calendar() {
        let cal = cal();
        // Friday 2026-11-27 10:00.
        let at: DateTime = "2026-11-27T10:00".parse().unwrap();
        assert_eq!(
            ProcessingTime::WorkingDays(1).due(&cal, at).unwrap(),
            "2026-11-30T10:00".parse().unwrap()
        );
        assert_eq!(
            ProcessingTime::WorkingHours(8).due(&cal, at).unwrap(),
            "2026-11-30T10:00".parse().unwrap()
        );
        assert_eq!(
            ProcessingTime::SAME_DAY.due(&cal, at).unwrap(),
            "2026-11-27T17:00".parse().unwrap()
        );
        let late: DateTime = "2026-11-27T15:01".parse().unwrap();
        assert_eq!(
            ProcessingTime::SAME_DAY.due(&cal, late).unwrap(),
            "2026-11-30T17:00".parse().unwrap()
        );
        assert_eq!(
            ProcessingTime::WorkingDays(0).due(&cal, at),
            Err(WorkError::NotPositive)
        );
    }

    #[test]
    fn online_levels_read_their_labels() {
        assert_eq!(OnlineLevel::read("Toàn trình"), Some(OnlineLevel::Full));
        assert_eq!(OnlineLevel::parse("partial"), Some(OnlineLevel::Partial));
        assert_eq!(OnlineLevel::Offline.label(), "Trực tiếp");
    }

    fn any_time() -> impl Strategy<Value = ProcessingTime> {
        prop_oneof![
            (1u32..=u32::MAX).prop_map(ProcessingTime::WorkingDays),
            (1u32..=u32::MAX).prop_map(ProcessingTime::WorkingHours),
            (0i8..24, 0i8..60).prop_map(|(h, m)| ProcessingTime::SameDay {
                cutoff: Time::constant(h, m, 0, 0)
            }),
        ]
    }

    proptest! {
        #[test]
        fn storage_round_trips(t in any_time()) {
            prop_assert_eq!(ProcessingTime::parse(&t.storage()), Some(t));
        }
    }
}
