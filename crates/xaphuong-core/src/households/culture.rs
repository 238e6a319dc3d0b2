//! The "Gia đình văn hóa" (cultured family) title: its criteria, the cases
//! that are never considered, and the procedure's dates.
//!
//! Basis: NĐ 86/2023/NĐ-CP (07/12/2023, in force 30/01/2024), a framework
//! the province details. Before it NĐ 122/2018/NĐ-CP governed the title;
//! its criteria fall into the same three groups, so reviews before 2024 are
//! assessed with the same groups and exclusions, but the procedure of NĐ
//! 86/2023 (bình xét ended before 25 November, list posted 10 days before
//! the decision) is only required from the 2024 review on. Years before
//! 2018 are outside what this module models.
//!
//! The title is considered every year: the residential group (thôn, tổ dân
//! phố) assesses each family at a meeting (bình xét), posts the list, and
//! the chairman of the commune People's Committee decides.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::{Invalid, text};

named_enum! {
    /// The three criteria groups (NĐ 86/2023 Phụ lục I), all required.
    Criterion {
        Law => ("law", "Gương mẫu chấp hành tốt chủ trương của Đảng, chính sách, pháp luật của Nhà nước"),
        Emulation => ("emulation", "Tích cực tham gia các phong trào thi đua lao động, sản xuất, học tập, bảo vệ an ninh, trật tự, an toàn xã hội của địa phương"),
        Family => ("family", "Gia đình no ấm, tiến bộ, hạnh phúc, văn minh; thường xuyên gắn bó, đoàn kết, tương trợ"),
    }
}

impl Criterion {
    /// The group's numeral in the appendix: I, II, III.
    pub fn numeral(self) -> &'static str {
        match self {
            Criterion::Law => "I",
            Criterion::Emulation => "II",
            Criterion::Family => "III",
        }
    }
}

named_enum! {
    /// A member's act that rules the family out whatever its merits (NĐ
    /// 86/2023 Art. 6(4) as reproduced by law portals; points a–d).
    Exclusion {
        CriminalProsecution => ("criminal_prosecution", "Có thành viên bị truy cứu trách nhiệm hình sự"),
        MilitaryService => ("military_service", "Có thành viên không hoàn thành nghĩa vụ quân sự"),
        Tax => ("tax", "Có thành viên không hoàn thành nghĩa vụ nộp thuế"),
        ChildMarriage => ("child_marriage", "Có thành viên bị xử phạt vi phạm hành chính về tảo hôn, tổ chức tảo hôn"),
        MarriageRules => ("marriage_rules", "Có thành viên bị xử phạt vi phạm hành chính về kết hôn, ly hôn, chế độ hôn nhân một vợ, một chồng"),
        PublicOrder => ("public_order", "Có thành viên bị xử phạt vi phạm hành chính về trật tự công cộng"),
        Gambling => ("gambling", "Có thành viên bị xử phạt vi phạm hành chính về đánh bạc trái phép"),
        SocialEvils => ("social_evils", "Có thành viên bị xử phạt vi phạm hành chính về phòng, chống tệ nạn xã hội"),
        FireSafety => ("fire_safety", "Có thành viên bị xử phạt vi phạm hành chính về phòng cháy, chữa cháy, cứu nạn, cứu hộ"),
        DomesticViolence => ("domestic_violence", "Có thành viên bị xử phạt vi phạm hành chính về phòng, chống bạo lực gia đình"),
    }
}

impl Exclusion {
    /// The point of Art. 6(4) it comes from.
    pub fn point(self) -> char {
        use Exclusion::*;
        match self {
            CriminalProsecution => 'a',
            MilitaryService | Tax => 'b',
            ChildMarriage | MarriageRules => 'c',
            PublicOrder | Gambling | SocialEvils | FireSafety | DomesticViolence => 'd',
        }
    }

    /// The case as an officer wrote it: its code, its label, or the key
    /// words of it ("tảo hôn", "đánh bạc", "truy cứu hình sự", …), with or
    /// without diacritics.
    pub fn from_written(s: &str) -> Option<Exclusion> {
        use Exclusion::*;
        if let Some(x) = Exclusion::read(s) {
            return Some(x);
        }
        let key = format!(" {} ", text::fold(s));
        // Whole words, most specific first: "tảo hôn" before "kết hôn".
        const WORDS: &[(&str, Exclusion)] = &[
            ("hinh su", CriminalProsecution),
            ("quan su", MilitaryService),
            ("thue", Tax),
            ("tao hon", ChildMarriage),
            ("ket hon", MarriageRules),
            ("ly hon", MarriageRules),
            ("mot vo", MarriageRules),
            ("trat tu cong cong", PublicOrder),
            ("danh bac", Gambling),
            ("te nan", SocialEvils),
            ("phong chay", FireSafety),
            ("chua chay", FireSafety),
            ("cuu nan", FireSafety),
            ("cuu ho", FireSafety),
            ("bao luc gia dinh", DomesticViolence),
        ];
        WORDS
            .iter()
            .find(|(w, _)| key.contains(&format!(" {w} ")))
            .map(|(_, x)| *x)
    }
}

/// The legal basis of a year's review.
pub fn basis(year: i16) -> &'static str {
    if year >= NEW_PROCEDURE_FROM {
        "Nghị định 86/2023/NĐ-CP"
    } else {
        "Nghị định 122/2018/NĐ-CP"
    }
}

/// The first review year under NĐ 86/2023 (in force 30/01/2024).
pub const NEW_PROCEDURE_FROM: i16 = 2024;
/// The list is posted this many days (both ends counted) before the
/// decision (NĐ 86/2023).
pub const MIN_POSTING_DAYS: i32 = 10;
/// The first review year this module accepts.
pub const FIRST_YEAR: i16 = 2018;

/// The bình xét must end before 25 November of the year (NĐ 86/2023).
pub fn meeting_deadline(year: i16) -> Option<Date> {
    Date::new(year, 11, 25).ok()
}

/// A family's assessment in a year and the dates of its procedure.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    /// Group I: law compliance.
    pub law: bool,
    /// Group II: emulation movements.
    pub emulation: bool,
    /// Group III: family no ấm, tiến bộ, hạnh phúc, văn minh.
    pub family: bool,
    pub exclusions: Vec<Exclusion>,
    /// The group's bình xét meeting.
    pub meeting_date: Option<Date>,
    /// First and last day of the public posting of the list.
    pub posting_from: Option<Date>,
    pub posting_to: Option<Date>,
    /// The chairman's decision recognising the family.
    pub decision_date: Option<Date>,
}

impl Assessment {
    pub fn meets(&self, c: Criterion) -> bool {
        match c {
            Criterion::Law => self.law,
            Criterion::Emulation => self.emulation,
            Criterion::Family => self.family,
        }
    }

    /// Days of posting, both ends counted, if both ends are known.
    pub fn posting_days(&self) -> Option<i32> {
        let (from, to) = (self.posting_from?, self.posting_to?);
        Some((to - from).get_days() + 1)
    }
}

/// What an assessment comes to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outcome {
    /// Meets the three groups and no exclusion applies.
    pub eligible: bool,
    /// Eligible, and recognised by a decision after a proper posting.
    pub recognised: bool,
    /// Why it is not recognised, in Vietnamese: each failed group, each
    /// exclusion, each missing step; empty when recognised.
    pub reasons: Vec<String>,
    /// The decree the year's review falls under.
    pub basis: &'static str,
}

/// Decides a family's title for `year`. Eligible when the three criteria
/// groups are met and no exclusion applies; recognised when, moreover, a
/// decision is recorded and — from the 2024 review on — the list was
/// posted at least 10 days (both ends counted) before it. The dates'
/// consistency is [`validate_culture`]'s concern.
pub fn decide(a: &Assessment, year: i16) -> Outcome {
    let mut reasons = Vec::new();
    for c in Criterion::ALL {
        if !a.meets(*c) {
            reasons.push(format!(
                "Chưa đạt tiêu chuẩn {}: {}",
                c.numeral(),
                c.label()
            ));
        }
    }
    let mut seen = Vec::new();
    for x in &a.exclusions {
        if !seen.contains(x) {
            seen.push(*x);
            reasons.push(format!("Không xét tặng: {}", x.label()));
        }
    }
    let eligible = reasons.is_empty();
    match a.decision_date {
        None if eligible => {
            reasons.push("Đủ tiêu chuẩn nhưng chưa có quyết định công nhận của Chủ tịch UBND".into())
        }
        None => {}
        Some(_) if year >= NEW_PROCEDURE_FROM => match a.posting_days() {
            None => reasons.push(format!(
                "Chưa niêm yết công khai danh sách ({MIN_POSTING_DAYS} ngày) trước khi quyết định công nhận"
            )),
            Some(days) if days < MIN_POSTING_DAYS => reasons.push(format!(
                "Danh sách mới niêm yết {days} ngày, chưa đủ {MIN_POSTING_DAYS} ngày trước khi quyết định công nhận"
            )),
            Some(_) => {}
        },
        Some(_) => {}
    }
    Outcome {
        eligible,
        recognised: reasons.is_empty(),
        reasons,
        basis: basis(year),
    }
}

/// A family's assessment as typed in a form or read from a row of an
/// imported file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CultureInput {
    /// Năm bình xét.
    pub year: String,
    /// Groups I–III: "Đạt" / "Không đạt" (also x, có, 1, …; blank = not met).
    pub law: String,
    pub emulation: String,
    pub family: String,
    /// Exclusions, separated by `;`: codes, labels or key words.
    pub exclusions: String,
    /// Dates as YYYY-MM-DD or DD/MM/YYYY; blank when not yet done.
    pub meeting_date: String,
    pub posting_from: String,
    pub posting_to: String,
    pub decision_date: String,
}

/// A checked assessment and its year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidCulture {
    pub year: i16,
    pub assessment: Assessment,
}

/// A yes/no cell: met, not met, or not understood.
fn read_met(s: &str) -> Option<bool> {
    match text::fold(s).as_str() {
        "" | "khong dat" | "chua dat" | "khong" | "0" | "false" | "no" | "-" => Some(false),
        "dat" | "x" | "co" | "1" | "true" | "yes" => Some(true),
        _ => None,
    }
}

/// A date as YYYY-MM-DD or DD/MM/YYYY (D/M/YYYY too).
fn read_date(s: &str) -> Option<Date> {
    let s = s.trim();
    if let Ok(d) = s.parse::<Date>() {
        return Some(d);
    }
    let parts: Vec<&str> = s.split('/').map(str::trim).collect();
    let [d, m, y] = parts.as_slice() else {
        return None;
    };
    if y.len() != 4 {
        return None;
    }
    Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()
}

/// Checks an assessment typed by an officer or imported. Fields: `year`
/// (Năm bình xét, 2018 on), `law`, `emulation`, `family` (Tiêu chuẩn I–III),
/// `exclusions` (Trường hợp không xét tặng), and the dates `meeting_date`
/// (Ngày họp bình xét), `posting_from`, `posting_to` (Niêm yết từ, đến),
/// `decision_date` (Ngày quyết định công nhận). The dates go in that order
/// and a later one needs the earlier ones; the meeting falls in the year
/// and, from 2024, before 25 November; the decision in the year or the
/// next. A posting shorter than 10 days is not refused here: [`decide`]
/// reports it.
pub fn validate_culture(input: &CultureInput) -> Result<ValidCulture, Invalid> {
    let mut e = Invalid::default();
    let year_text = input.year.trim();
    let year = match year_text.parse::<i16>() {
        Ok(y) if (FIRST_YEAR..=2100).contains(&y) => Some(y),
        Ok(y) if y < FIRST_YEAR => {
            e.push(
                "year",
                format!("Năm bình xét phải từ {FIRST_YEAR} trở đi (đã ghi {year_text})"),
            );
            None
        }
        Err(_) if year_text.is_empty() => {
            e.push("year", "Chưa nhập năm bình xét");
            None
        }
        _ => {
            e.push("year", format!("Năm bình xét «{year_text}» không hợp lệ"));
            None
        }
    };
    let mut met = [false; 3];
    for (slot, (field, written, c)) in met.iter_mut().zip([
        ("law", &input.law, Criterion::Law),
        ("emulation", &input.emulation, Criterion::Emulation),
        ("family", &input.family, Criterion::Family),
    ]) {
        match read_met(written) {
            Some(v) => *slot = v,
            None => e.push(
                field,
                format!(
                    "Tiêu chuẩn {}: ghi «Đạt» hoặc «Không đạt» (đã ghi «{}»)",
                    c.numeral(),
                    text::clean(written)
                ),
            ),
        }
    }
    let mut exclusions = Vec::new();
    for piece in input.exclusions.split([';', '\n']).map(str::trim) {
        if piece.is_empty() {
            continue;
        }
        match Exclusion::from_written(piece) {
            Some(x) if !exclusions.contains(&x) => exclusions.push(x),
            Some(_) => {}
            None => e.push(
                "exclusions",
                format!(
                    "Trường hợp không xét tặng «{}» không rõ; ghi mã hoặc nội dung, ví dụ «truy cứu trách nhiệm hình sự», «tảo hôn», «đánh bạc», cách nhau bằng dấu ;",
                    text::clean(piece)
                ),
            ),
        }
    }
    let mut date = |field: &str, what: &str, written: &str| -> Option<Date> {
        let w = written.trim();
        if w.is_empty() {
            return None;
        }
        let d = read_date(w);
        if d.is_none() {
            e.push(
                field,
                format!("{what} «{w}» không hợp lệ (ghi ngày/tháng/năm, ví dụ 20/11/2025)"),
            );
        }
        d
    };
    let meeting = date("meeting_date", "Ngày họp bình xét", &input.meeting_date);
    let from = date("posting_from", "Ngày bắt đầu niêm yết", &input.posting_from);
    let to = date("posting_to", "Ngày kết thúc niêm yết", &input.posting_to);
    let decision = date(
        "decision_date",
        "Ngày quyết định công nhận",
        &input.decision_date,
    );
    let bad_date = |field: &str| e.message_for(field).is_some();
    let (meeting_bad, from_bad, to_bad, decision_bad) = (
        bad_date("meeting_date"),
        bad_date("posting_from"),
        bad_date("posting_to"),
        bad_date("decision_date"),
    );
    if let Some(y) = year {
        if let Some(m) = meeting {
            if m.year() != y {
                e.push(
                    "meeting_date",
                    format!("Ngày họp bình xét phải thuộc năm {y}"),
                );
            } else if y >= NEW_PROCEDURE_FROM && meeting_deadline(y).is_some_and(|dl| m >= dl) {
                e.push(
                    "meeting_date",
                    format!(
                        "Bình xét phải xong trước ngày 25/11/{y} ({}); đã ghi {}",
                        basis(y),
                        crate::text::vn_date(m)
                    ),
                );
            }
        }
        if let Some(d) = decision
            && d.year() != y
            && d.year() != y + 1
        {
            e.push(
                "decision_date",
                format!(
                    "Ngày quyết định công nhận phải thuộc năm {y} hoặc đầu năm {}",
                    y + 1
                ),
            );
        }
    }
    let later_given =
        from.is_some() || to.is_some() || decision.is_some() || from_bad || to_bad || decision_bad;
    if meeting.is_none() && !meeting_bad && later_given {
        e.push(
            "meeting_date",
            "Chưa ghi ngày họp bình xét (niêm yết và quyết định đến sau cuộc họp)",
        );
    }
    match (from, to) {
        (Some(_), None) if !to_bad => e.push("posting_to", "Chưa ghi ngày kết thúc niêm yết"),
        (None, Some(_)) if !from_bad => e.push("posting_from", "Chưa ghi ngày bắt đầu niêm yết"),
        (Some(f), Some(t)) if t < f => e.push(
            "posting_to",
            format!(
                "Ngày kết thúc niêm yết {} trước ngày bắt đầu {}",
                crate::text::vn_date(t),
                crate::text::vn_date(f)
            ),
        ),
        _ => {}
    }
    if let (Some(m), Some(f)) = (meeting, from)
        && f < m
    {
        e.push(
            "posting_from",
            format!(
                "Niêm yết ({}) phải bắt đầu từ ngày họp bình xét ({}) trở đi",
                crate::text::vn_date(f),
                crate::text::vn_date(m)
            ),
        );
    }
    if let Some(d) = decision {
        if let Some(t) = to.or(from)
            && d < t
        {
            e.push(
                "decision_date",
                format!(
                    "Ngày quyết định công nhận {} trước khi hết thời gian niêm yết ({})",
                    crate::text::vn_date(d),
                    crate::text::vn_date(t)
                ),
            );
        } else if let Some(m) = meeting
            && d < m
        {
            e.push(
                "decision_date",
                format!(
                    "Ngày quyết định công nhận {} trước ngày họp bình xét {}",
                    crate::text::vn_date(d),
                    crate::text::vn_date(m)
                ),
            );
        }
    }
    e.into_result()?;
    Ok(ValidCulture {
        year: year.unwrap_or(FIRST_YEAR),
        assessment: Assessment {
            law: met[0],
            emulation: met[1],
            family: met[2],
            exclusions,
            meeting_date: meeting,
            posting_from: from,
            posting_to: to,
            decision_date: decision,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    /// All groups met, a 10-day posting, a decision.
    fn good() -> Assessment {
        Assessment {
            law: true,
            emulation: true,
            family: true,
            exclusions: vec![],
            meeting_date: Some(d("2025-11-10")),
            posting_from: Some(d("2025-11-11")),
            posting_to: Some(d("2025-11-20")),
            decision_date: Some(d("2025-11-28")),
        }
    }

    #[test]
    fn all_met_is_recognised() {
        let o = decide(&good(), 2025);
        assert_eq!(
            o,
            Outcome {
                eligible: true,
                recognised: true,
                reasons: vec![],
                basis: "Nghị định 86/2023/NĐ-CP"
            }
        );
        assert_eq!(good().posting_days(), Some(10));
    }

    #[test]
    fn each_missing_group_is_named() {
        for c in Criterion::ALL {
            let mut a = good();
            match c {
                Criterion::Law => a.law = false,
                Criterion::Emulation => a.emulation = false,
                Criterion::Family => a.family = false,
            }
            let o = decide(&a, 2025);
            assert!(!o.eligible && !o.recognised, "{c:?}");
            assert_eq!(
                o.reasons,
                [format!(
                    "Chưa đạt tiêu chuẩn {}: {}",
                    c.numeral(),
                    c.label()
                )]
            );
        }
        let none = Assessment::default();
        let o = decide(&none, 2025);
        assert_eq!(o.reasons.len(), 3);
        assert!(o.reasons[0].starts_with("Chưa đạt tiêu chuẩn I: Gương mẫu"));
        assert!(o.reasons[1].starts_with("Chưa đạt tiêu chuẩn II: Tích cực"));
        assert!(o.reasons[2].starts_with("Chưa đạt tiêu chuẩn III: Gia đình no ấm"));
    }

    #[test]
    fn each_exclusion_rules_out() {
        for x in Exclusion::ALL {
            let mut a = good();
            a.exclusions = vec![*x, *x];
            let o = decide(&a, 2025);
            assert!(!o.eligible && !o.recognised, "{x:?}");
            assert_eq!(o.reasons, [format!("Không xét tặng: {}", x.label())]);
        }
        let points: String = Exclusion::ALL.iter().map(|x| x.point()).collect();
        assert_eq!(points, "abbccddddd");
        let mut a = good();
        a.law = false;
        a.exclusions = vec![Exclusion::Gambling, Exclusion::Tax];
        let o = decide(&a, 2025);
        assert_eq!(o.reasons.len(), 3);
        assert!(o.reasons[1].ends_with("đánh bạc trái phép"));
    }

    #[test]
    fn the_posting_must_last_ten_days() {
        let mut a = good();
        a.posting_to = Some(d("2025-11-19"));
        let o = decide(&a, 2025);
        assert!(o.eligible && !o.recognised);
        assert_eq!(
            o.reasons,
            ["Danh sách mới niêm yết 9 ngày, chưa đủ 10 ngày trước khi quyết định công nhận"]
        );
        a.posting_from = None;
        a.posting_to = None;
        assert_eq!(
            decide(&a, 2024).reasons,
            ["Chưa niêm yết công khai danh sách (10 ngày) trước khi quyết định công nhận"]
        );
        // NĐ 122/2018 years: no posting rule here.
        let o = decide(&a, 2023);
        assert!(o.recognised);
        assert_eq!(o.basis, "Nghị định 122/2018/NĐ-CP");
        // No decision yet.
        a.decision_date = None;
        let o = decide(&a, 2025);
        assert!(o.eligible && !o.recognised);
        assert_eq!(
            o.reasons,
            ["Đủ tiêu chuẩn nhưng chưa có quyết định công nhận của Chủ tịch UBND"]
        );
        a.family = false;
        assert_eq!(decide(&a, 2025).reasons.len(), 1);
    }

    fn input() -> CultureInput {
        CultureInput {
            year: "2025".into(),
            law: "Đạt".into(),
            emulation: "x".into(),
            family: "có".into(),
            exclusions: String::new(),
            meeting_date: "10/11/2025".into(),
            posting_from: "2025-11-11".into(),
            posting_to: "20/11/2025".into(),
            decision_date: "28/11/2025".into(),
        }
    }

    #[test]
    fn forms_and_rows_are_read() {
        let v = validate_culture(&input()).unwrap();
        assert_eq!(
            v,
            ValidCulture {
                year: 2025,
                assessment: good()
            }
        );
        let mut i = input();
        i.law = "không đạt".into();
        i.emulation = String::new();
        i.exclusions =
            "tảo hôn; gambling; Có thành viên bị truy cứu trách nhiệm hình sự; danh bac".into();
        i.posting_from = String::new();
        i.posting_to = String::new();
        i.decision_date = String::new();
        let v = validate_culture(&i).unwrap();
        assert!(!v.assessment.law && !v.assessment.emulation && v.assessment.family);
        assert_eq!(
            v.assessment.exclusions,
            [
                Exclusion::ChildMarriage,
                Exclusion::Gambling,
                Exclusion::CriminalProsecution
            ]
        );
        // Nothing done yet but the year.
        let v = validate_culture(&CultureInput {
            year: "2024".into(),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(v.assessment, Assessment::default());
    }

    #[test]
    fn exclusions_by_key_words() {
        use Exclusion::*;
        for (written, x) in [
            ("truy cứu hình sự", CriminalProsecution),
            ("Trốn nghĩa vụ quân sự", MilitaryService),
            ("nợ thuế", Tax),
            ("tổ chức tảo hôn", ChildMarriage),
            ("vi phạm chế độ một vợ một chồng", MarriageRules),
            ("gây mất trật tự công cộng", PublicOrder),
            ("Đánh bạc", Gambling),
            ("tệ nạn xã hội", SocialEvils),
            ("vi phạm phòng cháy chữa cháy", FireSafety),
            ("bạo lực gia đình", DomesticViolence),
            ("domestic_violence", DomesticViolence),
        ] {
            assert_eq!(Exclusion::from_written(written), Some(x), "{written}");
        }
        assert_eq!(Exclusion::from_written("say rượu"), None);
        assert_eq!(Exclusion::from_written("chạy xe"), None);
        assert_eq!(Exclusion::from_written("hônnhân"), None);
    }

    #[test]
    fn input_errors_name_the_field() {
        let mut i = input();
        i.year = "2017".into();
        i.law = "tốt".into();
        i.exclusions = "say rượu".into();
        i.posting_to = "31/02/2025".into();
        let e = validate_culture(&i).unwrap_err();
        assert_eq!(e.fields(), ["year", "law", "exclusions", "posting_to"]);
        assert_eq!(
            e.message_for("year"),
            Some("Năm bình xét phải từ 2018 trở đi (đã ghi 2017)")
        );
        assert_eq!(
            e.message_for("law"),
            Some("Tiêu chuẩn I: ghi «Đạt» hoặc «Không đạt» (đã ghi «tốt»)")
        );
        assert!(
            e.message_for("exclusions")
                .unwrap()
                .starts_with("Trường hợp không xét tặng «say rượu» không rõ")
        );
        assert!(
            e.message_for("posting_to")
                .unwrap()
                .starts_with("Ngày kết thúc niêm yết «31/02/2025» không hợp lệ")
        );
        let e = validate_culture(&CultureInput::default()).unwrap_err();
        assert_eq!(e.message_for("year"), Some("Chưa nhập năm bình xét"));
        let mut i = input();
        i.year = "hai nghìn".into();
        assert_eq!(
            validate_culture(&i).unwrap_err().message_for("year"),
            Some("Năm bình xét «hai nghìn» không hợp lệ")
        );
    }

    fn dates(meeting: &str, from: &str, to: &str, decision: &str) -> Result<ValidCulture, Invalid> {
        validate_culture(&CultureInput {
            meeting_date: meeting.into(),
            posting_from: from.into(),
            posting_to: to.into(),
            decision_date: decision.into(),
            ..input()
        })
    }

    /// The message the four dates are refused with under `field`.
    fn refusal((meeting, from, to, decision): (&str, &str, &str, &str), field: &str) -> String {
        let e = dates(meeting, from, to, decision).unwrap_err();
        e.message_for(field).unwrap_or_default().to_owned()
    }

    #[test]
    fn the_dates_go_in_order() {
        assert!(dates("24/11/2025", "24/11/2025", "03/12/2025", "03/12/2025").is_ok());
        assert!(dates("2025-11-24", "", "", "").is_ok());
        // The meeting ends before 25 November from 2024 on.
        assert_eq!(
            refusal(("25/11/2025", "", "", ""), "meeting_date"),
            "Bình xét phải xong trước ngày 25/11/2025 (Nghị định 86/2023/NĐ-CP); đã ghi 25/11/2025"
        );
        let mut late = input();
        late.year = "2023".into();
        late.meeting_date = "10/12/2023".into();
        late.posting_from = "11/12/2023".into();
        late.posting_to = "12/12/2023".into();
        late.decision_date = "20/12/2023".into();
        assert!(validate_culture(&late).is_ok());
        assert_eq!(
            refusal(("10/11/2024", "", "", ""), "meeting_date"),
            "Ngày họp bình xét phải thuộc năm 2025"
        );
        let e = dates("", "11/11/2025", "20/11/2025", "").unwrap_err();
        assert!(
            e.message_for("meeting_date")
                .unwrap()
                .starts_with("Chưa ghi ngày họp bình xét")
        );
        assert_eq!(
            refusal(("10/11/2025", "11/11/2025", "", ""), "posting_to"),
            "Chưa ghi ngày kết thúc niêm yết"
        );
        assert_eq!(
            refusal(("10/11/2025", "", "20/11/2025", ""), "posting_from"),
            "Chưa ghi ngày bắt đầu niêm yết"
        );
        assert_eq!(
            refusal(("10/11/2025", "20/11/2025", "11/11/2025", ""), "posting_to"),
            "Ngày kết thúc niêm yết 11/11/2025 trước ngày bắt đầu 20/11/2025"
        );
        assert_eq!(
            refusal(
                ("10/11/2025", "09/11/2025", "20/11/2025", ""),
                "posting_from"
            ),
            "Niêm yết (09/11/2025) phải bắt đầu từ ngày họp bình xét (10/11/2025) trở đi"
        );
        assert_eq!(
            refusal(
                ("10/11/2025", "11/11/2025", "20/11/2025", "19/11/2025"),
                "decision_date"
            ),
            "Ngày quyết định công nhận 19/11/2025 trước khi hết thời gian niêm yết (20/11/2025)"
        );
        assert_eq!(
            refusal(("10/11/2025", "", "", "09/11/2025"), "decision_date"),
            "Ngày quyết định công nhận 09/11/2025 trước ngày họp bình xét 10/11/2025"
        );
        assert_eq!(
            refusal(
                ("10/11/2025", "11/11/2025", "20/11/2025", "02/02/2027"),
                "decision_date"
            ),
            "Ngày quyết định công nhận phải thuộc năm 2025 hoặc đầu năm 2026"
        );
        // A bad date is reported once, not again as missing.
        let e = dates("10/11/2025", "11/13/2025", "20/11/2025", "").unwrap_err();
        assert_eq!(e.0.len(), 1, "{e}");
        // A short posting passes validation; the decision reports it.
        let v = dates("10/11/2025", "11/11/2025", "15/11/2025", "16/11/2025").unwrap();
        assert!(!decide(&v.assessment, v.year).recognised);
    }
}
