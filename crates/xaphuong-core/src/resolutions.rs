//! A resolution's indicators (chỉ tiêu), what the registers say about each,
//! and the sentences the year-end report states them in — the way the
//! ward's own reports write them: "đạt 8.061.000.000 đ/7.420.000.000 đ,
//! bằng 108,6% kế hoạch"; "49/53 hộ, bằng 92,45%".

use serde::{Deserialize, Serialize};

use crate::indicators::{Direction, Quantity, Verdict, achievement, verdict};

named_enum! {
    /// The report's sections, in the order a resolution lists them.
    Field {
        Economy => ("economy", "Kinh tế"),
        Society => ("society", "Văn hóa – xã hội"),
        Defence => ("defence", "Quốc phòng – an ninh"),
        Government => ("government", "Xây dựng Đảng, chính quyền"),
        Reform => ("reform", "Cải cách hành chính"),
    }
}

named_enum! {
    /// A figure counted from a register.
    Measure {
        Revenue => ("revenue", "Thu NSNN trên địa bàn so với dự toán (sổ thu ngân sách)"),
        ViolationsSelfRemedied => ("violations_self_remedied", "Hộ vi phạm tự khắc phục / tổng số hộ vi phạm (sổ vi phạm)"),
        ViolationsCommitted => ("violations_committed", "Hộ vi phạm đã cam kết tự khắc phục (sổ vi phạm)"),
        SidewalkCases => ("sidewalk_cases", "Trường hợp lấn chiếm vỉa hè được kiểm tra, xử lý (sổ kiểm tra)"),
        Recruits => ("recruits", "Công dân nhập ngũ / chỉ tiêu giao (sổ tuyển quân)"),
        Handovers => ("handovers", "Hộ bàn giao mặt bằng (sổ bàn giao)"),
        OnestopOnTime => ("onestop_on_time", "Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn (hồ sơ một cửa)"),
        PovertyRate => ("poverty_rate", "Hộ nghèo / tổng số hộ tại thời điểm rà soát (sổ hộ, kết quả rà soát)"),
        PoorOrNearPoorRate => ("poor_or_near_poor_rate", "Hộ nghèo và cận nghèo / tổng số hộ tại thời điểm rà soát (sổ hộ, kết quả rà soát)"),
        CulturalFamilyRate => ("cultural_family_rate", "Hộ đạt danh hiệu Gia đình văn hóa / tổng số hộ (sổ hộ, kết quả bình xét)"),
        RoadsConcreted => ("roads_concreted", "Tuyến đường dân sinh bê tông hóa, nghiệm thu trong năm (sổ công trình)"),
        RoadMetres => ("road_metres", "Chiều dài đường dân sinh bê tông hóa, nghiệm thu trong năm (sổ công trình)"),
        WorksAccepted => ("works_accepted", "Công trình hoàn thành, nghiệm thu trong năm (sổ công trình)"),
        PeopleMoney => ("people_money", "Tiền nhân dân đóng góp cho công trình nghiệm thu trong năm (sổ công trình)"),
        Spending => ("spending", "Chi ngân sách xã so với dự toán (sổ chi ngân sách)"),
        ActivitiesHeld => ("activities_held", "Hoạt động văn hóa, văn nghệ, thể dục thể thao tổ chức ở khu dân cư (sổ hoạt động)"),
        CulturalGroupRate => ("cultural_group_rate", "Thôn, tổ dân phố đạt danh hiệu văn hóa / tổng số thôn, tổ dân phố (sổ danh hiệu)"),
        BusinessesRegistered => ("businesses_registered", "Hộ kinh doanh đăng ký thành lập trong năm (sổ hộ kinh doanh)"),
        BusinessesActive => ("businesses_active", "Hộ kinh doanh đang hoạt động cuối năm (sổ hộ kinh doanh)"),
        TaxDebtCollected => ("tax_debt_collected", "Tiền nợ thuế thu được / số nợ theo danh sách cơ quan thuế chuyển trong năm (sổ nợ thuế)"),
        CooperativesFounded => ("cooperatives_founded", "Hợp tác xã đăng ký thành lập trong năm (sổ hợp tác xã)"),
        ProblemsOnTime => ("problems_on_time", "Phản ánh hiện trường trả lời, xử lý đúng hạn / phản ánh đã đến hạn (sổ phản ánh)"),
    }
}

impl Measure {
    /// The register pages listing the records behind the figure and, for
    /// a share, behind what it is a share of.
    pub fn records(self, year: i16) -> (String, Option<String>) {
        match self {
            Measure::Revenue => (
                format!("/budget?year={year}&entries=collections"),
                Some(format!("/budget?year={year}&entries=estimates")),
            ),
            Measure::ViolationsSelfRemedied => (
                format!("/violations?year={year}&state=self_remedied"),
                Some(format!("/violations?year={year}")),
            ),
            Measure::ViolationsCommitted => {
                (format!("/violations?year={year}&state=committed"), None)
            }
            Measure::SidewalkCases => (format!("/inspections?year={year}"), None),
            Measure::Recruits => (
                format!("/recruitment?year={year}&stage=enlisted"),
                Some(format!("/recruitment?year={year}")),
            ),
            Measure::Handovers => (format!("/handovers?year={year}"), None),
            Measure::OnestopOnTime => (
                format!("/dossiers/stats?from={year}-01-01&to={year}-12-31"),
                None,
            ),
            Measure::PovertyRate => (
                format!("/households?year={year}&class=poor"),
                Some(format!("/households?year={year}")),
            ),
            Measure::PoorOrNearPoorRate => (
                format!("/households?year={year}&poor_or_near=1"),
                Some(format!("/households?year={year}")),
            ),
            Measure::CulturalFamilyRate => (
                format!("/households?year={year}&culture=recognised"),
                Some(format!("/households?year={year}")),
            ),
            Measure::RoadsConcreted | Measure::RoadMetres => {
                (format!("/works?accepted={year}&kind=road_concrete"), None)
            }
            Measure::WorksAccepted | Measure::PeopleMoney => {
                (format!("/works?accepted={year}"), None)
            }
            Measure::Spending => (
                format!("/spending?year={year}&entries=payments"),
                Some(format!("/spending?year={year}&entries=estimates")),
            ),
            Measure::ActivitiesHeld => (format!("/activities?year={year}"), None),
            Measure::BusinessesRegistered => (format!("/businesses?registered={year}"), None),
            Measure::BusinessesActive => (format!("/businesses?active={year}"), None),
            Measure::TaxDebtCollected => (
                format!("/tax/debts?year={year}&collected=1"),
                Some(format!("/tax/debts?year={year}")),
            ),
            Measure::CooperativesFounded => (format!("/cooperatives?founded={year}"), None),
            Measure::ProblemsOnTime => (
                format!("/problems/stats?year={year}"),
                Some(format!("/problems?year={year}")),
            ),
            Measure::CulturalGroupRate => (
                format!("/activities/titles?year={year}"),
                Some(format!("/activities/titles?year={year}")),
            ),
        }
    }

    /// What a share in % counts, for its sentence ("14/1.500 hộ").
    fn count_noun(self) -> &'static str {
        match self {
            Measure::PovertyRate | Measure::PoorOrNearPoorRate | Measure::CulturalFamilyRate => {
                "hộ"
            }
            Measure::OnestopOnTime => "hồ sơ",
            Measure::ProblemsOnTime => "phản ánh",
            Measure::CulturalGroupRate => "thôn, tổ dân phố",
            _ => "",
        }
    }

    /// What is missing when the whole a share is measured against is
    /// zero: the report says so rather than "0 đ/0 đ, bằng 0,0%".
    pub fn missing_whole(self) -> &'static str {
        match self {
            Measure::Revenue => "chưa có dự toán thu ngân sách trong sổ",
            Measure::Spending => "chưa có dự toán chi ngân sách trong sổ",
            Measure::TaxDebtCollected => "chưa có danh sách nợ thuế của năm trong sổ",
            Measure::CulturalGroupRate => {
                "chưa có kết quả công nhận thôn, tổ dân phố văn hóa của năm trong sổ"
            }
            Measure::ViolationsSelfRemedied => "chưa có vụ vi phạm nào trong sổ",
            Measure::Recruits => "chưa có chỉ tiêu giao quân trong sổ",
            Measure::PovertyRate | Measure::PoorOrNearPoorRate => {
                "chưa có kết quả rà soát hộ nghèo của năm trong sổ hộ"
            }
            Measure::CulturalFamilyRate => {
                "chưa có kết quả bình xét Gia đình văn hóa của năm trong sổ hộ"
            }
            _ => "chưa có số liệu để so sánh",
        }
    }

    /// What a share is measured against, as the reports name it.
    fn of_word(self) -> &'static str {
        match self {
            Measure::Revenue => "kế hoạch",
            Measure::Spending => "dự toán",
            Measure::TaxDebtCollected => "số nợ theo danh sách",
            Measure::Recruits => "chỉ tiêu",
            _ => "",
        }
    }
}

/// An indicator of the built-in catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndicatorSpec {
    pub code: &'static str,
    pub name: &'static str,
    pub field: Field,
    /// Unit of measure as printed: đồng, %, hộ, người, trường hợp, tuyến…
    pub unit: &'static str,
    pub direction: Direction,
    /// Decimals of the percentage printed for it.
    pub decimals: u32,
    /// Counted from a register, or entered by hand when `None`.
    pub measure: Option<Measure>,
}

const fn spec(
    code: &'static str,
    name: &'static str,
    field: Field,
    unit: &'static str,
    direction: Direction,
    decimals: u32,
    measure: Option<Measure>,
) -> IndicatorSpec {
    IndicatorSpec {
        code,
        name,
        field,
        unit,
        direction,
        decimals,
        measure,
    }
}

/// Every figure of a ward's year-end report (seed figures R1–R7, T1–T4);
/// a deployment starts from these and may add its own. Their order is the
/// report's: each deployment's catalogue is kept in it.
pub const CATALOGUE: &[IndicatorSpec] = &[
    spec(
        "thu-nsnn",
        "Thu ngân sách Nhà nước trên địa bàn",
        Field::Economy,
        "đồng",
        Direction::AtLeast,
        1,
        Some(Measure::Revenue),
    ),
    // Within the estimate: spending is judged "không quá" its target.
    spec(
        "chi-nsx",
        "Chi ngân sách xã",
        Field::Economy,
        "đồng",
        Direction::AtMost,
        1,
        Some(Measure::Spending),
    ),
    // Collected on the debts of the lists received in the year.
    spec(
        "thu-no-thue",
        "Thu nợ thuế theo danh sách cơ quan thuế chuyển",
        Field::Economy,
        "đồng",
        Direction::AtLeast,
        1,
        Some(Measure::TaxDebtCollected),
    ),
    spec(
        "ho-kinh-doanh-moi",
        "Hộ kinh doanh đăng ký thành lập mới",
        Field::Economy,
        "hộ",
        Direction::AtLeast,
        0,
        Some(Measure::BusinessesRegistered),
    ),
    spec(
        "ho-kinh-doanh-hoat-dong",
        "Hộ kinh doanh đang hoạt động",
        Field::Economy,
        "hộ",
        Direction::AtLeast,
        0,
        Some(Measure::BusinessesActive),
    ),
    spec(
        "vi-pham-tu-thao-do",
        "Hộ vi phạm (xây dựng trái phép, lấn chiếm không gian hạ tầng kỹ thuật) tự tháo dỡ",
        Field::Economy,
        "hộ",
        Direction::AtLeast,
        2,
        Some(Measure::ViolationsSelfRemedied),
    ),
    spec(
        "vi-pham-cam-ket",
        "Hộ vi phạm còn lại đã cam kết tự tháo dỡ",
        Field::Economy,
        "hộ",
        Direction::AtLeast,
        0,
        Some(Measure::ViolationsCommitted),
    ),
    spec(
        "ban-giao-mat-bang",
        "Hộ bàn giao mặt bằng cho Nhà nước",
        Field::Economy,
        "hộ",
        Direction::AtLeast,
        0,
        Some(Measure::Handovers),
    ),
    spec(
        "via-he",
        "Trường hợp kinh doanh, biển hiệu, chậu hoa, cây cảnh lấn chiếm vỉa hè, bán hàng rong, tập kết vật liệu được kiểm tra, nhắc nhở",
        Field::Economy,
        "trường hợp",
        Direction::AtLeast,
        0,
        Some(Measure::SidewalkCases),
    ),
    // Answered or rejected by the category's deadline ÷ those finished
    // plus those past their deadline unanswered (a report not yet due is
    // not counted either way).
    spec(
        "phan-anh-dung-han",
        "Tỷ lệ phản ánh hiện trường được xử lý đúng hạn",
        Field::Reform,
        "%",
        Direction::AtLeast,
        1,
        Some(Measure::ProblemsOnTime),
    ),
    spec(
        "ho-so-dung-han",
        "Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn",
        Field::Reform,
        "%",
        Direction::AtLeast,
        2,
        Some(Measure::OnestopOnTime),
    ),
    // Counted when accepted (nghiệm thu), as the reports count a road
    // "hoàn thành đưa vào sử dụng".
    spec(
        "be-tong-hoa-duong",
        "Bê tông hóa tuyến đường dân sinh",
        Field::Economy,
        "tuyến",
        Direction::AtLeast,
        0,
        Some(Measure::RoadsConcreted),
    ),
    spec(
        "duong-be-tong-met",
        "Chiều dài đường dân sinh được bê tông hóa",
        Field::Economy,
        "m",
        Direction::AtLeast,
        0,
        Some(Measure::RoadMetres),
    ),
    spec(
        "cong-trinh-nghiem-thu",
        "Công trình hoàn thành, nghiệm thu đưa vào sử dụng",
        Field::Economy,
        "công trình",
        Direction::AtLeast,
        0,
        Some(Measure::WorksAccepted),
    ),
    spec(
        "nhan-dan-dong-gop",
        "Nhân dân đóng góp xây dựng công trình (tiền)",
        Field::Economy,
        "đồng",
        Direction::AtLeast,
        1,
        Some(Measure::PeopleMoney),
    ),
    // Counted by the day of registration (ngày đăng ký thành lập).
    spec(
        "htx-thanh-lap-moi",
        "Hợp tác xã thành lập mới",
        Field::Economy,
        "hợp tác xã",
        Direction::AtLeast,
        0,
        Some(Measure::CooperativesFounded),
    ),
    // NĐ 86/2023/NĐ-CP; recognised ÷ all households (GSO's definition).
    spec(
        "gia-dinh-van-hoa",
        "Tỷ lệ hộ đạt danh hiệu \"Gia đình văn hóa\"",
        Field::Society,
        "%",
        Direction::AtLeast,
        1,
        Some(Measure::CulturalFamilyRate),
    ),
    // NĐ 86/2023/NĐ-CP, Phụ lục II; recognised ÷ the groups in force at
    // the year's end.
    spec(
        "to-dan-pho-van-hoa",
        "Tỷ lệ thôn, tổ dân phố đạt danh hiệu \"Thôn, tổ dân phố văn hóa\"",
        Field::Society,
        "%",
        Direction::AtLeast,
        1,
        Some(Measure::CulturalGroupRate),
    ),
    spec(
        "hoat-dong-van-hoa",
        "Hoạt động văn hóa, văn nghệ, thể dục thể thao ở khu dân cư",
        Field::Society,
        "hoạt động",
        Direction::AtLeast,
        0,
        Some(Measure::ActivitiesHeld),
    ),
    // Poor ÷ all households at the review date (GSO); the national "tỷ lệ
    // nghèo đa chiều" counts the near-poor too: both are offered, named.
    spec(
        "ho-ngheo",
        "Tỷ lệ hộ nghèo theo chuẩn đa chiều",
        Field::Society,
        "%",
        Direction::AtMost,
        1,
        Some(Measure::PovertyRate),
    ),
    spec(
        "ho-ngheo-can-ngheo",
        "Tỷ lệ hộ nghèo và cận nghèo theo chuẩn đa chiều",
        Field::Society,
        "%",
        Direction::AtMost,
        1,
        Some(Measure::PoorOrNearPoorRate),
    ),
    spec(
        "tuyen-quan",
        "Công dân nhập ngũ (tuyển quân)",
        Field::Defence,
        "công dân",
        Direction::AtLeast,
        0,
        Some(Measure::Recruits),
    ),
    // No register counts it: the ward enters it with its document.
    spec(
        "viec-lam",
        "Lao động được giải quyết việc làm mới",
        Field::Society,
        "lao động",
        Direction::AtLeast,
        0,
        None,
    ),
];

/// What the records say: the figure and, for a share, what it is a share of
/// (the estimate, all cases, the quota).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actual {
    pub value: Quantity,
    pub of: Option<Quantity>,
}

impl Actual {
    pub fn count(value: i64) -> Self {
        Actual {
            value: Quantity::whole(value),
            of: None,
        }
    }

    pub fn share(value: i64, of: i64) -> Self {
        Actual {
            value: Quantity::whole(value),
            of: Some(Quantity::whole(of)),
        }
    }
}

/// A figure with its unit, as reports print it: "8.061.000.000 đ", "95%",
/// "01 tuyến" (a count from one to nine takes a leading zero; none is "0").
pub fn amount(q: Quantity, unit: &str) -> String {
    let n = if q.scale() == 0 && (1..10).contains(&q.value()) {
        format!("{:02}", q.value())
    } else {
        q.to_string()
    };
    match unit {
        "đồng" => format!("{q} đ"),
        "%" => format!("{q}%"),
        "" => n,
        u => format!("{n} {u}"),
    }
}

/// One indicator in the report: its result against its target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultLine {
    pub name: String,
    pub unit: String,
    pub direction: Direction,
    pub decimals: u32,
    pub measure: Option<Measure>,
    /// None: not counted, not entered.
    pub actual: Option<Actual>,
    pub target: Option<Quantity>,
    /// The same figure a year earlier, for the comparison.
    pub previous: Option<Actual>,
}

impl ResultLine {
    /// The percentage printed: the result against the target, or else a
    /// share against its whole.
    pub fn percent(&self) -> Option<String> {
        let a = self.actual?;
        if self.whole_missing() {
            return None;
        }
        match (self.target, a.of) {
            (Some(t), _) if self.unit != "%" => achievement(a.value, t, self.decimals),
            (_, Some(of)) => achievement(a.value, of, self.decimals),
            _ => None,
        }
    }

    /// The figure in the terms of the target: for an indicator stated in %
    /// and counted as a share (14 poor households of 1.500), the share's
    /// percentage at the indicator's decimals (0,9); otherwise the figure.
    pub fn stated(&self, a: Actual) -> Option<Quantity> {
        match a.of {
            Some(of) if self.unit == "%" => {
                crate::indicators::ratio_percent(a.value.value(), of.value(), self.decimals)
                    .and_then(|p| Quantity::parse(&p))
            }
            _ => Some(a.value),
        }
    }

    /// A share of nothing: the estimate, the cases, the quota or the
    /// households it is measured against are not in the registers.
    pub fn whole_missing(&self) -> bool {
        self.actual
            .is_some_and(|a| a.of.is_some_and(|of| of.value() == 0))
    }

    /// No verdict on a share of nothing: the records are missing, not the
    /// result.
    pub fn verdict(&self) -> Verdict {
        if self.whole_missing() {
            return Verdict::NoTarget;
        }
        match self.actual.and_then(|a| self.stated(a)) {
            Some(v) => verdict(self.direction, v, self.target),
            None => Verdict::NoTarget,
        }
    }

    /// A figure as the sentence prints it.
    fn shown(&self, a: Actual) -> String {
        match self.stated(a) {
            Some(v) if self.unit == "%" => amount(v, "%"),
            _ => amount(a.value, &self.unit),
        }
    }

    /// The result as the report states it.
    pub fn sentence(&self) -> String {
        let Some(a) = self.actual else {
            return format!("{}: chưa có số liệu", self.name);
        };
        if self.whole_missing() {
            return self.sentence_of_nothing(a);
        }
        let word = self.measure.map_or("", Measure::of_word);
        let mut s = match (a.of, self.percent()) {
            (Some(of), Some(p)) if self.unit == "đồng" => format!(
                "{}: đạt {}/{}, bằng {p}%{}",
                self.name,
                amount(a.value, "đồng"),
                amount(of, "đồng"),
                if word.is_empty() {
                    String::new()
                } else {
                    format!(" {word}")
                }
            ),
            (Some(of), Some(p)) => format!(
                "{}: {}/{} {}, bằng {p}%{}",
                self.name,
                a.value,
                of,
                if self.unit == "%" {
                    self.measure.map_or("", Measure::count_noun)
                } else {
                    self.unit.as_str()
                },
                if word.is_empty() {
                    String::new()
                } else {
                    format!(" {word}")
                }
            ),
            _ => format!("{}: {}", self.name, amount(a.value, &self.unit)),
        };
        if let Some(t) = self.target {
            let target = self.direction.phrase(&amount(t, &self.unit));
            let v = self.verdict();
            s.push_str(&format!(" (chỉ tiêu Nghị quyết: {target} — {})", v.label()));
        }
        if let Some(p) = self
            .previous
            .filter(|p| p.of.is_none_or(|of| of.value() != 0))
        {
            s.push_str(&format!("; năm trước: {}", self.shown(p)));
        }
        s
    }

    /// The sentence of a share whose whole is not recorded: what is
    /// missing, the figure if there is one, and the target unjudged.
    fn sentence_of_nothing(&self, a: Actual) -> String {
        let missing = self
            .measure
            .map_or("chưa có số liệu để so sánh", Measure::missing_whole);
        let mut s = if a.value.value() == 0 {
            format!("{}: {missing}", self.name)
        } else {
            let noun = match (self.unit.as_str(), self.measure) {
                ("%", Some(m)) => m.count_noun(),
                (u, _) => u,
            };
            format!(
                "{}: {} ({missing}, chưa so sánh được)",
                self.name,
                amount(a.value, noun)
            )
        };
        if let Some(t) = self.target {
            let target = self.direction.phrase(&amount(t, &self.unit));
            s.push_str(&format!(
                " (chỉ tiêu Nghị quyết: {target} — chưa đánh giá được)"
            ));
        }
        s
    }

    /// The target for the year ahead, as the report states it.
    pub fn target_sentence(&self) -> Option<String> {
        let t = self.target?;
        Some(format!(
            "{}: {}",
            self.name,
            self.direction.phrase(&amount(t, &self.unit))
        ))
    }
}

/// Why an indicator of the year needs a leader's attention.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Risk {
    /// Not met and no longer to be met as things stand: a ceiling already
    /// passed ("không quá 1,0%"), or the year is over.
    Missed,
    /// Behind: a figure that grows through the year below its target's
    /// share of the year elapsed, or a rate or exact figure not met yet.
    Behind,
    /// A target without a figure to judge it by.
    NoFigure,
}

impl Risk {
    pub fn label(self) -> &'static str {
        match self {
            Risk::Missed => "Không đạt",
            Risk::Behind => "Chậm so với tiến độ",
            Risk::NoFigure => "Chưa có số liệu",
        }
    }
}

/// The share of year `year` elapsed on `as_of`, in thousandths (0–1000).
pub fn year_elapsed_permille(year: i16, as_of: jiff::civil::Date) -> i64 {
    let (Ok(start), Ok(end)) = (
        jiff::civil::Date::new(year, 1, 1),
        jiff::civil::Date::new(year, 12, 31),
    ) else {
        return 0;
    };
    if as_of < start {
        return 0;
    }
    if as_of >= end {
        return 1000;
    }
    let done = i64::from((as_of - start).get_days()) + 1;
    let all = i64::from((end - start).get_days()) + 1;
    done * 1000 / all
}

impl ResultLine {
    /// Whether the line needs attention with `elapsed` thousandths of its
    /// year gone: see [`Risk`]. None without a target, or on track.
    pub fn risk(&self, elapsed: i64) -> Option<Risk> {
        let target = self.target?;
        let Some(a) = self.actual.filter(|_| !self.whole_missing()) else {
            return Some(Risk::NoFigure);
        };
        match self.verdict() {
            Verdict::Met | Verdict::Exceeded => None,
            Verdict::NoTarget => Some(Risk::NoFigure),
            Verdict::NotMet if elapsed >= 1000 || self.direction == Direction::AtMost => {
                Some(Risk::Missed)
            }
            Verdict::NotMet if self.unit == "%" || self.direction == Direction::Exactly => {
                Some(Risk::Behind)
            }
            Verdict::NotMet => {
                // Money and counts grow through the year: on track while
                // they keep pace with the year.
                let done = self
                    .stated(a)
                    .and_then(|v| crate::indicators::achievement_hundredths(v, target))?;
                (done < elapsed * 10).then_some(Risk::Behind)
            }
        }
    }
}

/// An indicator's line in a report, with where its records are listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportLine {
    pub code: String,
    pub field: Field,
    pub line: ResultLine,
    /// The register pages behind the figure and its whole, if counted.
    pub records: Option<(String, Option<String>)>,
    /// When a figure entered by hand was last entered (epoch ms).
    pub entered_at: Option<i64>,
}

impl ReportLine {
    /// A figure entered by hand more than `days` before `as_of` (or never):
    /// the dashboard asks for it to be brought up to date.
    pub fn stale(&self, as_of: jiff::civil::Date, days: i64) -> bool {
        if self.line.measure.is_some() {
            return false;
        }
        let Some(at) = self.entered_at else {
            return true;
        };
        let Ok(ts) = jiff::Timestamp::from_millisecond(at) else {
            return true;
        };
        let entered = crate::calendar::vietnam_date(ts);
        i64::from((as_of - entered).get_days()) > days
    }
}

/// Everything the year-end report states, computed from the records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolutionReport {
    /// "Phường Phùng Chí Kiên".
    pub unit_name: String,
    pub unit_code: String,
    /// The unit above, for the agency header ("Thành phố Bắc Kạn").
    pub parent_name: Option<String>,
    pub year: i16,
    pub as_of: jiff::civil::Date,
    /// The year's resolution ("15/NQ-HĐND"), if recorded.
    pub resolution: Option<String>,
    pub results: Vec<ReportLine>,
    /// The next year's resolution and its targets.
    pub next_resolution: Option<String>,
    pub next_targets: Vec<ReportLine>,
    /// On demand, for a merged unit: each counted figure in each of the
    /// units it was formed from (their own records only).
    pub breakdown: Vec<FormerFigures>,
}

/// A former unit's part of a merged unit's figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormerFigures {
    pub unit_name: String,
    pub unit_code: String,
    /// Each counted line of the report, by indicator code, in this unit.
    pub actuals: Vec<(String, Option<Actual>)>,
}

impl ResolutionReport {
    /// "Báo cáo kết quả thực hiện Nghị quyết năm 2021 và phương hướng,
    /// nhiệm vụ năm 2022".
    pub fn title(&self) -> String {
        format!(
            "Báo cáo kết quả thực hiện Nghị quyết năm {} và phương hướng, nhiệm vụ năm {}",
            self.year,
            self.year + 1
        )
    }

    /// The results grouped by field, in the catalogue's order of fields.
    pub fn by_field(&self) -> Vec<(Field, Vec<&ReportLine>)> {
        Field::ALL
            .iter()
            .map(|f| {
                (
                    *f,
                    self.results
                        .iter()
                        .filter(|l| l.field == *f)
                        .collect::<Vec<_>>(),
                )
            })
            .filter(|(_, ls)| !ls.is_empty())
            .collect()
    }
}

/// An indicator a deployment adds to its catalogue, as typed: `field`
/// economy | society | defence | government | reform; `direction`
/// at_least | at_most | exactly; `decimals` 0–3.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct IndicatorInput {
    pub code: String,
    pub name: String,
    pub field: String,
    pub unit: String,
    pub direction: String,
    pub decimals: String,
}

/// A checked [`IndicatorInput`]; indicators added by hand are entered by
/// hand (no register counts them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewIndicator {
    pub code: String,
    pub name: String,
    pub field: Field,
    pub unit: String,
    pub direction: Direction,
    pub decimals: u32,
}

pub fn validate_indicator(i: &IndicatorInput) -> Result<NewIndicator, crate::Invalid> {
    let mut e = crate::Invalid::default();
    let code = i.code.trim().to_lowercase();
    if code.is_empty()
        || code.len() > 40
        || !code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        e.push(
            "code",
            "Mã chỉ tiêu gồm chữ thường không dấu, số và dấu gạch ngang (ví dụ duong-be-tong)",
        );
    }
    let name = crate::checks::required_text(
        &mut e,
        "name",
        &i.name,
        300,
        "Chưa nhập tên chỉ tiêu",
        "Tên chỉ tiêu dài quá 300 ký tự",
    );
    let field = Field::parse(i.field.trim());
    if field.is_none() {
        e.push("field", "Chọn lĩnh vực");
    }
    let unit = crate::text::clean(&i.unit);
    if unit.is_empty() || unit.chars().count() > 30 {
        e.push("unit", "Ghi đơn vị tính (đồng, %, hộ, người, tuyến…)");
    }
    let direction = Direction::parse(i.direction.trim());
    if direction.is_none() {
        e.push(
            "direction",
            "Chọn cách đánh giá: trở lên, không quá hoặc bằng",
        );
    }
    let decimals = i.decimals.trim().parse::<u32>().ok().filter(|d| *d <= 3);
    if decimals.is_none() {
        e.push("decimals", "Số chữ số thập phân từ 0 đến 3");
    }
    e.into_result()?;
    Ok(NewIndicator {
        code,
        name,
        field: field.unwrap_or(Field::Economy),
        unit,
        direction: direction.unwrap_or(Direction::AtLeast),
        decimals: decimals.unwrap_or(0),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indicators_added_by_hand_are_checked() {
        let ok = IndicatorInput {
            code: "Duong-be-tong".into(),
            name: " Km đường bê tông  mới ".into(),
            field: "economy".into(),
            unit: "km".into(),
            direction: "at_least".into(),
            decimals: "1".into(),
        };
        let n = validate_indicator(&ok).unwrap();
        assert_eq!(
            (n.code.as_str(), n.name.as_str(), n.decimals),
            ("duong-be-tong", "Km đường bê tông mới", 1)
        );
        let e = validate_indicator(&IndicatorInput {
            code: "đường".into(),
            decimals: "5".into(),
            ..Default::default()
        })
        .unwrap_err();
        assert_eq!(
            e.fields(),
            ["code", "name", "field", "unit", "direction", "decimals"]
        );
    }

    #[test]
    fn figures_entered_long_ago_are_stale() {
        let as_of = jiff::civil::date(2022, 12, 31);
        let at = |d: jiff::civil::Date| {
            d.at(12, 0, 0, 0)
                .to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::offset(7)))
                .unwrap()
                .timestamp()
                .as_millisecond()
        };
        let mut l = ReportLine {
            code: "viec-lam".into(),
            field: Field::Society,
            line: line("viec-lam", None, None),
            records: None,
            entered_at: None,
        };
        assert!(l.stale(as_of, 90), "never entered");
        l.entered_at = Some(at(jiff::civil::date(2022, 12, 1)));
        assert!(!l.stale(as_of, 90));
        l.entered_at = Some(at(jiff::civil::date(2022, 9, 1)));
        assert!(l.stale(as_of, 90));
        l.line = line("thu-nsnn", None, None);
        assert!(!l.stale(as_of, 90), "a register's figure is never stale");
    }

    fn line(code: &str, actual: Option<Actual>, target: Option<Quantity>) -> ResultLine {
        let s = CATALOGUE.iter().find(|s| s.code == code).unwrap();
        ResultLine {
            name: s.name.into(),
            unit: s.unit.into(),
            direction: s.direction,
            decimals: s.decimals,
            measure: s.measure,
            actual,
            target,
            previous: None,
        }
    }

    #[test]
    fn the_seed_sentences() {
        let revenue = line(
            "thu-nsnn",
            Some(Actual::share(8_061_000_000, 7_420_000_000)),
            Some(Quantity::whole(7_420_000_000)),
        );
        assert_eq!(
            revenue.sentence(),
            "Thu ngân sách Nhà nước trên địa bàn: đạt 8.061.000.000 đ/7.420.000.000 đ, bằng 108,6% kế hoạch \
             (chỉ tiêu Nghị quyết: 7.420.000.000 đ trở lên — vượt)"
        );
        // A rate in % counted as a share: compared in %, at its decimals.
        let mut poor = line(
            "ho-ngheo",
            Some(Actual::share(14, 1500)),
            Quantity::parse("1,0"),
        );
        poor.previous = Some(Actual::share(22, 1500));
        assert_eq!(poor.verdict(), Verdict::Exceeded);
        assert!(
            poor.sentence().ends_with(
                ": 14/1.500 hộ, bằng 0,9% (chỉ tiêu Nghị quyết: không quá 1,0% — vượt); năm trước: 1,5%"
            ),
            "{}",
            poor.sentence()
        );
        let family = line(
            "gia-dinh-van-hoa",
            Some(Actual::share(1403, 1500)),
            Quantity::parse("95"),
        );
        assert_eq!(family.verdict(), Verdict::NotMet, "93,5% < 95%");
        let removed = line("vi-pham-tu-thao-do", Some(Actual::share(49, 53)), None);
        assert!(removed.sentence().ends_with(": 49/53 hộ, bằng 92,45%"));
        let recruits = line("tuyen-quan", Some(Actual::share(8, 8)), None);
        assert!(
            recruits
                .sentence()
                .ends_with(": 8/8 công dân, bằng 100% chỉ tiêu")
        );
        let handovers = line("ban-giao-mat-bang", Some(Actual::count(1)), None);
        assert!(handovers.sentence().ends_with(": 01 hộ"));
        let sidewalk = line("via-he", Some(Actual::count(70)), None);
        assert!(sidewalk.sentence().ends_with(": 70 trường hợp"));
        assert!(
            line("ho-ngheo", None, None)
                .sentence()
                .ends_with("chưa có số liệu")
        );
    }

    #[test]
    fn an_indicator_at_risk_is_behind_the_year_or_missed() {
        let mid = year_elapsed_permille(2022, jiff::civil::date(2022, 7, 1));
        assert_eq!(mid, 498, "182 of 365 days");
        assert_eq!(
            year_elapsed_permille(2022, jiff::civil::date(2021, 12, 31)),
            0
        );
        assert_eq!(
            year_elapsed_permille(2022, jiff::civil::date(2022, 12, 31)),
            1000
        );
        let target = Some(Quantity::whole(7_950_000_000));
        // Revenue at 40% of the target in July is behind; at 60% on track.
        let at = |collected| {
            line(
                "thu-nsnn",
                Some(Actual::share(collected, 7_950_000_000)),
                target,
            )
        };
        assert_eq!(at(3_180_000_000).risk(mid), Some(Risk::Behind));
        assert_eq!(at(4_770_000_000).risk(mid), None);
        // The same 60% on the last day is missed; the target met is none.
        assert_eq!(at(4_770_000_000).risk(1000), Some(Risk::Missed));
        assert_eq!(at(8_000_000_000).risk(1000), None);
        // A ceiling passed is missed at once.
        let poor = line(
            "ho-ngheo",
            Some(Actual::share(30, 1500)),
            Quantity::parse("1,0"),
        );
        assert_eq!(poor.risk(100), Some(Risk::Missed));
        // A rate not met during the year is behind.
        let family = line(
            "gia-dinh-van-hoa",
            Some(Actual::share(1403, 1500)),
            Quantity::parse("95"),
        );
        assert_eq!(family.risk(mid), Some(Risk::Behind));
        // A target without a figure, or with a share of nothing.
        assert_eq!(
            line("be-tong-hoa-duong", None, Quantity::parse("1")).risk(mid),
            Some(Risk::NoFigure)
        );
        assert_eq!(
            line("thu-nsnn", Some(Actual::share(0, 0)), target).risk(mid),
            Some(Risk::NoFigure)
        );
        // No target, no risk.
        assert_eq!(
            line("via-he", Some(Actual::count(3)), None).risk(1000),
            None
        );
    }

    #[test]
    fn nothing_to_count_is_said_not_printed_as_zeros() {
        // A year without a revenue estimate: no "0 đ/0 đ, bằng 0,0%".
        let revenue = line(
            "thu-nsnn",
            Some(Actual::share(0, 0)),
            Some(Quantity::whole(7_950_000_000)),
        );
        assert_eq!(
            revenue.sentence(),
            "Thu ngân sách Nhà nước trên địa bàn: chưa có dự toán thu ngân sách trong sổ \
             (chỉ tiêu Nghị quyết: 7.950.000.000 đ trở lên — chưa đánh giá được)"
        );
        assert_eq!(
            (revenue.percent(), revenue.verdict()),
            (None, Verdict::NoTarget)
        );
        // Collections without an estimate: the figure, not a ratio.
        let collected = line("thu-nsnn", Some(Actual::share(120_000_000, 0)), None);
        assert_eq!(
            collected.sentence(),
            "Thu ngân sách Nhà nước trên địa bàn: 120.000.000 đ \
             (chưa có dự toán thu ngân sách trong sổ, chưa so sánh được)"
        );
        // A rate of no households is no rate.
        let poor = line(
            "ho-ngheo",
            Some(Actual::share(0, 0)),
            Quantity::parse("1,0"),
        );
        assert!(
            poor.sentence()
                .contains(": chưa có kết quả rà soát hộ nghèo của năm"),
            "{}",
            poor.sentence()
        );
        assert!(
            !poor.sentence().contains(": 0%") && !poor.sentence().contains("0/0"),
            "{}",
            poor.sentence()
        );
        // Zero is "0", one to nine keep their leading zero.
        let none = line("ban-giao-mat-bang", Some(Actual::count(0)), None);
        assert!(none.sentence().ends_with(": 0 hộ"), "{}", none.sentence());
        assert_eq!(amount(Quantity::whole(1), "tuyến"), "01 tuyến");
        assert_eq!(amount(Quantity::whole(0), ""), "0");
        // Last year's share of nothing is left out, not printed as 0%.
        let mut family = line(
            "gia-dinh-van-hoa",
            Some(Actual::share(1403, 1500)),
            Quantity::parse("95"),
        );
        family.previous = Some(Actual::share(0, 0));
        assert!(
            !family.sentence().contains("năm trước"),
            "{}",
            family.sentence()
        );
    }

    #[test]
    fn next_year_targets() {
        let t = |code, q: &str| {
            line(code, None, Quantity::parse(q))
                .target_sentence()
                .unwrap()
        };
        assert_eq!(
            t("thu-nsnn", "7.950.000.000"),
            "Thu ngân sách Nhà nước trên địa bàn: 7.950.000.000 đ trở lên"
        );
        assert!(t("gia-dinh-van-hoa", "95").ends_with(": 95% trở lên"));
        assert!(t("ho-ngheo", "1,0").ends_with(": không quá 1,0%"));
        assert!(t("be-tong-hoa-duong", "1").ends_with(": 01 tuyến trở lên"));
        assert!(t("duong-be-tong-met", "350").ends_with(": 350 m trở lên"));
    }

    #[test]
    fn lower_is_better_for_poverty() {
        let l = line(
            "ho-ngheo",
            Some(Actual {
                value: Quantity::parse("0,9").unwrap(),
                of: None,
            }),
            Quantity::parse("1,0"),
        );
        assert_eq!(l.verdict(), Verdict::Exceeded);
        assert!(l.sentence().contains("0,9%") && l.sentence().contains("không quá 1,0%"));
        // A rate has no percentage of its own target printed.
        assert_eq!(l.percent(), None);
    }

    #[test]
    fn the_catalogue_is_consistent() {
        let mut codes: Vec<&str> = CATALOGUE.iter().map(|s| s.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), CATALOGUE.len());
        for m in Measure::ALL {
            assert!(CATALOGUE.iter().any(|s| s.measure == Some(*m)), "{m:?}");
            assert!(m.records(2021).0.contains("2021"));
        }
    }
}
