//! Cooperatives (hợp tác xã) of a commune: the register with their members,
//! charter capital, line of business and status; each one's yearly
//! classification (Thông tư 01/2020/TT-BKHĐT) and the support it received
//! under a policy (such as Nghị quyết 08/2017/NQ-HĐND tỉnh Bắc Kạn).

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::checks::{limited_text, past_date, required_text, year_in};
use crate::{Invalid, numbers};

named_enum! {
    /// Whether the cooperative is working (Luật Hợp tác xã: tạm ngừng,
    /// giải thể are registered with their day).
    CooperativeStatus {
        Active => ("active", "Đang hoạt động"),
        Suspended => ("suspended", "Tạm ngừng hoạt động"),
        Dissolved => ("dissolved", "Giải thể"),
    }
}

named_enum! {
    /// The year's classification (Thông tư 01/2020/TT-BKHĐT, Điều 5).
    Grade {
        Good => ("good", "Tốt"),
        Fair => ("fair", "Khá"),
        Average => ("average", "Trung bình"),
        Weak => ("weak", "Yếu"),
    }
}

impl Grade {
    /// The grade a total score out of 100 earns (Thông tư 01/2020/TT-BKHĐT,
    /// Điều 5): from 80 Tốt, from 65 Khá, from 50 Trung bình, below Yếu.
    pub fn of_score(score: i64) -> Grade {
        match score {
            80.. => Grade::Good,
            65..=79 => Grade::Fair,
            50..=64 => Grade::Average,
            _ => Grade::Weak,
        }
    }
}

/// A cooperative as typed on its form, sent to the API or read from a file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CooperativeInput {
    /// Mã số hợp tác xã (registration number), may be empty.
    pub registration_no: String,
    pub name: String,
    /// Ngày đăng ký thành lập, YYYY-MM-DD, not in the future.
    pub founded_on: String,
    /// Ngành, nghề kinh doanh.
    pub line_of_business: String,
    /// Số thành viên ("12").
    pub members: String,
    /// Vốn điều lệ in đồng ("500.000.000").
    pub capital: String,
    /// Giám đốc / chủ tịch Hội đồng quản trị.
    pub director: String,
    pub address: String,
    /// active | suspended | dissolved
    pub status: String,
    /// YYYY-MM-DD: since when suspended or dissolved; empty when active.
    pub status_on: String,
    pub note: String,
}

/// A checked cooperative.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidCooperative {
    pub registration_no: String,
    pub name: String,
    pub founded_on: Date,
    pub line_of_business: String,
    pub members: i64,
    pub capital: i64,
    pub director: String,
    pub address: String,
    pub status: CooperativeStatus,
    pub status_on: Option<Date>,
    pub note: String,
}

/// No commune's cooperative has more members: beyond, a figure was mistyped.
const MAX_MEMBERS: i64 = 1_000_000;

/// Checks a cooperative whole: every problem named by its field.
pub fn validate(input: &CooperativeInput, today: Date) -> Result<ValidCooperative, Invalid> {
    let mut e = Invalid::default();
    let registration_no = limited_text(
        &mut e,
        "registration_no",
        &input.registration_no,
        50,
        "Mã số hợp tác xã dài quá 50 ký tự",
    );
    let name = required_text(
        &mut e,
        "name",
        &input.name,
        300,
        "Chưa nhập tên hợp tác xã",
        "Tên hợp tác xã dài quá 300 ký tự",
    );
    let founded_on = past_date(
        &mut e,
        "founded_on",
        &input.founded_on,
        "Ngày đăng ký thành lập",
        today,
    );
    let line_of_business = required_text(
        &mut e,
        "line_of_business",
        &input.line_of_business,
        500,
        "Chưa nhập ngành, nghề kinh doanh",
        "Ngành, nghề kinh doanh dài quá 500 ký tự",
    );
    let members = match numbers::parse_dong(&input.members) {
        Some(n) if (1..=MAX_MEMBERS).contains(&n) => n,
        _ => {
            e.push(
                "members",
                "Số thành viên không hợp lệ (số nguyên, ví dụ 12)",
            );
            0
        }
    };
    let capital = match numbers::parse_dong(&input.capital) {
        Some(n) => n,
        None => {
            e.push(
                "capital",
                "Vốn điều lệ không hợp lệ (số đồng, ví dụ 500.000.000)",
            );
            0
        }
    };
    let director = limited_text(
        &mut e,
        "director",
        &input.director,
        200,
        "Tên giám đốc, chủ tịch Hội đồng quản trị dài quá 200 ký tự",
    );
    let address = limited_text(
        &mut e,
        "address",
        &input.address,
        300,
        "Địa chỉ dài quá 300 ký tự",
    );
    let status = match input.status.trim() {
        "" => Some(CooperativeStatus::Active),
        s => CooperativeStatus::parse(s),
    };
    if status.is_none() {
        e.push("status", "Chọn tình trạng hoạt động");
    }
    // A suspension or dissolution is registered on a day; an active
    // cooperative has none.
    let status_on = match (status, input.status_on.trim()) {
        (Some(CooperativeStatus::Active), "") | (None, _) => None,
        (Some(CooperativeStatus::Active), _) => {
            e.push(
                "status_on",
                "Hợp tác xã đang hoạt động thì không ghi ngày tạm ngừng, giải thể",
            );
            None
        }
        (Some(_), "") => {
            e.push("status_on", "Ghi ngày tạm ngừng hoạt động hoặc giải thể");
            None
        }
        (Some(_), written) => {
            let d = past_date(
                &mut e,
                "status_on",
                written,
                "Ngày tạm ngừng, giải thể",
                today,
            );
            if let (Some(d), Some(f)) = (d, founded_on)
                && d < f
            {
                e.push(
                    "status_on",
                    "Ngày tạm ngừng, giải thể không được trước ngày thành lập",
                );
            }
            d
        }
    };
    let note = limited_text(
        &mut e,
        "note",
        &input.note,
        1000,
        "Ghi chú dài quá 1.000 ký tự",
    );
    e.into_result()?;
    Ok(ValidCooperative {
        registration_no,
        name,
        founded_on: founded_on.unwrap_or(Date::ZERO),
        line_of_business,
        members,
        capital,
        director,
        address,
        status: status.unwrap_or(CooperativeStatus::Active),
        status_on,
        note,
    })
}

/// A cooperative's classification of a year as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GradeInput {
    /// The year classified ("2022").
    pub year: String,
    /// good | fair | average | weak
    pub grade: String,
    /// The total score out of 100 ("82"), may be empty.
    pub score: String,
    pub note: String,
}

/// A checked classification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidGrade {
    pub year: i16,
    pub grade: Grade,
    pub score: Option<i64>,
    pub note: String,
}

/// Checks a year's classification: a year the cooperative existed in, and
/// a grade that agrees with the score when one is given.
pub fn validate_grade(
    input: &GradeInput,
    founded_on: Date,
    today: Date,
) -> Result<ValidGrade, Invalid> {
    let mut e = Invalid::default();
    let year = year_in(&input.year, founded_on.year()..=today.year());
    if year.is_none() {
        e.push(
            "year",
            format!(
                "Năm xếp loại không hợp lệ (từ năm thành lập {} đến năm nay)",
                founded_on.year()
            ),
        );
    }
    let grade = Grade::read(&input.grade);
    if grade.is_none() {
        e.push("grade", format!("Chọn xếp loại: {}", Grade::labels()));
    }
    let score = match input.score.trim() {
        "" => None,
        s => match s.parse::<i64>() {
            Ok(n) if (0..=100).contains(&n) => Some(n),
            _ => {
                e.push("score", "Điểm không hợp lệ (số nguyên từ 0 đến 100)");
                None
            }
        },
    };
    if let (Some(g), Some(s)) = (grade, score)
        && Grade::of_score(s) != g
    {
        e.push(
            "grade",
            format!(
                "Xếp loại không khớp với điểm: {s} điểm là loại {} (Thông tư 01/2020/TT-BKHĐT, Điều 5)",
                Grade::of_score(s).label()
            ),
        );
    }
    let note = limited_text(
        &mut e,
        "note",
        &input.note,
        1000,
        "Ghi chú dài quá 1.000 ký tự",
    );
    e.into_result()?;
    Ok(ValidGrade {
        year: year.unwrap_or_default(),
        grade: grade.unwrap_or(Grade::Weak),
        score,
        note,
    })
}

/// A support a cooperative received, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupportInput {
    /// The year received ("2022").
    pub year: String,
    /// The policy ("Nghị quyết 08/2017/NQ-HĐND tỉnh Bắc Kạn").
    pub policy: String,
    /// What was supported ("Xây dựng nhà lưới trồng rau").
    pub content: String,
    /// In đồng ("150.000.000").
    pub amount: String,
    /// The decision granting it, may be empty.
    pub decision: String,
}

/// A checked support.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidSupport {
    pub year: i16,
    pub policy: String,
    pub content: String,
    pub amount: i64,
    pub decision: String,
}

/// Checks a support: a year the cooperative existed in, its policy and
/// what it paid for, an amount above nothing.
pub fn validate_support(
    input: &SupportInput,
    founded_on: Date,
    today: Date,
) -> Result<ValidSupport, Invalid> {
    let mut e = Invalid::default();
    let year = year_in(&input.year, founded_on.year()..=today.year());
    if year.is_none() {
        e.push(
            "year",
            format!(
                "Năm hỗ trợ không hợp lệ (từ năm thành lập {} đến năm nay)",
                founded_on.year()
            ),
        );
    }
    let policy = required_text(
        &mut e,
        "policy",
        &input.policy,
        300,
        "Ghi chính sách hỗ trợ (ví dụ Nghị quyết 08/2017/NQ-HĐND)",
        "Chính sách hỗ trợ dài quá 300 ký tự",
    );
    let content = required_text(
        &mut e,
        "content",
        &input.content,
        500,
        "Chưa nhập nội dung hỗ trợ",
        "Nội dung hỗ trợ dài quá 500 ký tự",
    );
    let amount = match numbers::parse_dong(&input.amount) {
        Some(n) if n > 0 => n,
        _ => {
            e.push(
                "amount",
                "Số tiền hỗ trợ không hợp lệ (số đồng, ví dụ 150.000.000)",
            );
            0
        }
    };
    let decision = limited_text(
        &mut e,
        "decision",
        &input.decision,
        300,
        "Quyết định dài quá 300 ký tự",
    );
    e.into_result()?;
    Ok(ValidSupport {
        year: year.unwrap_or_default(),
        policy,
        content,
        amount,
        decision,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::TODAY;

    fn herbs() -> CooperativeInput {
        CooperativeInput {
            registration_no: "4701A0123".into(),
            name: " HTX  dược liệu Phùng Chí Kiên ".into(),
            founded_on: "2022-03-15".into(),
            line_of_business: "Trồng, chế biến dược liệu".into(),
            members: "9".into(),
            capital: "500.000.000".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_cooperative_is_checked_whole() {
        let v = validate(&herbs(), TODAY).unwrap();
        assert_eq!(
            (v.name.as_str(), v.members, v.capital, v.status, v.status_on),
            (
                "HTX dược liệu Phùng Chí Kiên",
                9,
                500_000_000,
                CooperativeStatus::Active,
                None
            )
        );
        let bad = CooperativeInput {
            founded_on: "2027-01-01".into(),
            members: "0".into(),
            capital: "5,5".into(),
            status: "closed".into(),
            ..Default::default()
        };
        assert_eq!(
            validate(&bad, TODAY).unwrap_err().fields(),
            [
                "name",
                "founded_on",
                "line_of_business",
                "members",
                "capital",
                "status"
            ]
        );
    }

    #[test]
    fn a_status_other_than_active_has_its_day() {
        let suspended = CooperativeInput {
            status: "suspended".into(),
            ..herbs()
        };
        assert_eq!(
            validate(&suspended, TODAY).unwrap_err().fields(),
            ["status_on"]
        );
        let before = CooperativeInput {
            status_on: "2021-01-01".into(),
            ..suspended.clone()
        };
        assert_eq!(
            validate(&before, TODAY).unwrap_err().fields(),
            ["status_on"]
        );
        let ok = CooperativeInput {
            status_on: "2024-06-30".into(),
            ..suspended
        };
        assert_eq!(
            validate(&ok, TODAY).unwrap().status_on,
            Some(jiff::civil::date(2024, 6, 30))
        );
        let active = CooperativeInput {
            status_on: "2024-06-30".into(),
            ..herbs()
        };
        assert_eq!(
            validate(&active, TODAY).unwrap_err().fields(),
            ["status_on"]
        );
    }

    #[test]
    fn the_grade_follows_the_score() {
        assert_eq!(Grade::of_score(100), Grade::Good);
        assert_eq!(Grade::of_score(80), Grade::Good);
        assert_eq!(Grade::of_score(79), Grade::Fair);
        assert_eq!(Grade::of_score(65), Grade::Fair);
        assert_eq!(Grade::of_score(64), Grade::Average);
        assert_eq!(Grade::of_score(50), Grade::Average);
        assert_eq!(Grade::of_score(49), Grade::Weak);
        let founded = jiff::civil::date(2022, 3, 15);
        let input = |grade: &str, score: &str| GradeInput {
            year: "2022".into(),
            grade: grade.into(),
            score: score.into(),
            ..Default::default()
        };
        // A grade without a score stands; with one it must agree.
        assert_eq!(
            validate_grade(&input("Khá", ""), founded, TODAY)
                .unwrap()
                .grade,
            Grade::Fair
        );
        let v = validate_grade(&input("good", "82"), founded, TODAY).unwrap();
        assert_eq!((v.grade, v.score), (Grade::Good, Some(82)));
        let e = validate_grade(&input("good", "79"), founded, TODAY).unwrap_err();
        assert_eq!(e.fields(), ["grade"]);
        assert!(e.message("grade").contains("79 điểm là loại Khá"), "{e:?}");
        let before = GradeInput {
            year: "2021".into(),
            ..input("x", "101")
        };
        assert_eq!(
            validate_grade(&before, founded, TODAY)
                .unwrap_err()
                .fields(),
            ["year", "grade", "score"]
        );
    }

    #[test]
    fn a_support_names_its_policy_and_amount() {
        let founded = jiff::civil::date(2022, 3, 15);
        let ok = SupportInput {
            year: "2022".into(),
            policy: "Nghị quyết 08/2017/NQ-HĐND tỉnh Bắc Kạn".into(),
            content: "Xây dựng nhà lưới".into(),
            amount: "150.000.000".into(),
            decision: String::new(),
        };
        assert_eq!(
            validate_support(&ok, founded, TODAY).unwrap().amount,
            150_000_000
        );
        let bad = SupportInput {
            year: "2030".into(),
            amount: "0".into(),
            ..Default::default()
        };
        assert_eq!(
            validate_support(&bad, founded, TODAY).unwrap_err().fields(),
            ["year", "policy", "content", "amount"]
        );
    }
}
