//! The records behind the seed article's 2021 and 2022 figures, for one
//! commune: the resolutions and their targets, sidewalk inspections, the
//! budget revenue, recruitment, the land handed over, and the urban-order
//! violation cases.

use jiff::ToSpan;
use jiff::civil::Date;
use xaphuong_core::audit::Actor;
use xaphuong_core::violations::{CaseInput, Event, Kind as CaseKind, Step};
use xaphuong_store::Store;
use xaphuong_store::units::{Unit, UnitFilter};

use super::DemoError;

/// The ward council's resolutions: for 2021 the revenue estimate and the
/// recruitment quota as targets; for 2022 the seed's T1–T4 (7.950.000.000 đ
/// revenue, ≥ 95% cultural families, poverty ≤ 1,0%, 01 road concreted).
pub(super) async fn seed_resolutions(store: &Store, ward: &Unit) -> Result<bool, DemoError> {
    use xaphuong_store::resolutions::ResolutionInput;
    let actor = Actor::system("dữ liệu mẫu");
    store.ensure_indicator_catalogue(&actor).await?;
    if store
        .resolution(&ward.scope(), ward.id, 2021)
        .await?
        .is_some()
    {
        return Ok(false);
    }
    let targets = |pairs: &[(&str, &str)]| {
        pairs
            .iter()
            .map(|(c, v)| ((*c).to_owned(), (*v).to_owned()))
            .collect()
    };
    let years = [
        (
            2021,
            "18/NQ-HĐND",
            Date::constant(2020, 12, 18),
            targets(&[("thu-nsnn", "7.420.000.000"), ("tuyen-quan", "8")]),
        ),
        (
            2022,
            "25/NQ-HĐND",
            Date::constant(2021, 12, 20),
            targets(&[
                ("thu-nsnn", "7.950.000.000"),
                ("gia-dinh-van-hoa", "95"),
                ("ho-ngheo", "1,0"),
                ("be-tong-hoa-duong", "1"),
            ]),
        ),
    ];
    for (year, number, adopted_on, targets) in years {
        let input = ResolutionInput {
            number: number.into(),
            title: format!(
                "Nghị quyết về nhiệm vụ phát triển kinh tế – xã hội, quốc phòng – an ninh năm {year}"
            ),
            adopted_on: Some(adopted_on),
            targets,
        };
        store
            .save_resolution(&actor, &ward.scope(), ward.id, year, &input)
            .await?;
    }
    Ok(true)
}

/// R5: 70 cases of goods, signs, flower pots, street vendors and building
/// materials on the sidewalks, found with the city's urban-order team in
/// seven inspections of 2021, most of them reminded.
pub(super) async fn seed_inspections(store: &Store, ward: &Unit) -> Result<bool, DemoError> {
    use xaphuong_core::inspections::{CaseInput, CaseKind, InspectionInput, Outcome as Result_};
    let scope = ward.scope();
    if !store.inspection_outcomes(&scope, 2021).await?.is_empty() {
        return Ok(false);
    }
    let actor = Actor::system("dữ liệu mẫu");
    let today = Date::constant(2021, 12, 31);
    let kinds = [
        CaseKind::Goods,
        CaseKind::Signs,
        CaseKind::FlowerPots,
        CaseKind::StreetVendor,
        CaseKind::Materials,
    ];
    let shops = [
        "Cửa hàng tạp hóa",
        "Quán phở",
        "Cửa hàng điện thoại",
        "Quán cà phê",
        "Cửa hàng vật liệu xây dựng",
        "Tiệm may",
        "Quán bún",
    ];
    for n in 0..7usize {
        let on = Date::constant(2021, 2, 20) + ((n as i64) * 45).days();
        let input = InspectionInput {
            inspected_on: on.to_string(),
            place: format!(
                "{} và các ngõ lân cận",
                STREETS[n % STREETS.len()].replace("đường", "Đường")
            ),
            team: "Đội Quản lý trật tự đô thị thành phố Bắc Kạn phối hợp Công an phường".into(),
            note: String::new(),
        };
        let inspection = store
            .create_inspection(&actor, &scope, ward.id, &input, today)
            .await?;
        for k in 0..10usize {
            let i = n * 10 + k;
            let outcome = match i % 14 {
                0 | 7 => Result_::Removed,
                13 if i < 45 => Result_::Fined,
                _ => Result_::Reminded,
            };
            let owner = household(i + 200);
            let case = CaseInput {
                kind: kinds[i % kinds.len()].as_str().into(),
                offender: format!(
                    "{} {}",
                    shops[i % shops.len()],
                    owner
                        .trim_start_matches("Hộ ông ")
                        .trim_start_matches("Hộ bà ")
                ),
                address: format!("Số {}, {}", 2 + (i * 3) % 150, STREETS[n % STREETS.len()]),
                outcome: outcome.as_str().into(),
                note: String::new(),
            };
            store
                .add_inspection_case(&actor, &scope, inspection.id, &case)
                .await?;
        }
    }
    Ok(true)
}

/// R1: the 2021 estimate of 7.420.000.000 đ of state revenue and the
/// 8.061.000.000 đ collected, by line, quarter by quarter. The commune's
/// shares of the shared lines are illustrative rates, not a province's.
pub(super) async fn seed_budget(store: &Store, ward: &Unit) -> Result<bool, DemoError> {
    use xaphuong_core::budget::{AmountInput, Entry, Line};
    let scope = ward.scope();
    if store
        .budget_summary(&scope, 2021, Date::constant(2021, 12, 31))
        .await?
        .total
        != Default::default()
    {
        return Ok(false);
    }
    let actor = Actor::system("dữ liệu mẫu");
    // (line, estimate, collected, commune share in %), million đồng.
    let lines: [(Line, i64, i64, i64); 9] = [
        (Line::RegistrationFee, 2_600, 2_915, 30),
        (Line::LandUse, 1_800, 1_984, 20),
        (Line::PrivateSector, 1_350, 1_402, 30),
        (Line::NonFarmLandTax, 420, 431, 100),
        (Line::LicenceFee, 310, 318, 100),
        (Line::LandRent, 440, 452, 30),
        (Line::Fees, 280, 296, 100),
        (Line::Fines, 120, 141, 100),
        (Line::Other, 100, 122, 100),
    ];
    let m = 1_000_000_i64;
    let amount = |line: Line, on: &str, nsnn: i64, nsx: i64, document: String| AmountInput {
        line: line.as_str().into(),
        on: on.into(),
        nsnn: if nsnn == 0 {
            String::new()
        } else {
            nsnn.to_string()
        },
        nsx: nsx.to_string(),
        document,
        note: String::new(),
    };
    let decision = "QĐ 05/QĐ-UBND ngày 05/01/2021 giao dự toán thu ngân sách".to_owned();
    for (line, estimate, collected, share) in lines {
        let est = estimate * m;
        store
            .create_budget_entry(
                &actor,
                &scope,
                ward.id,
                2021,
                Entry::Original,
                &amount(line, "2021-01-05", est, est * share / 100, decision.clone()),
            )
            .await?;
        let total = collected * m;
        let mut left = total;
        for (i, (on, part)) in [
            ("2021-03-15", 20),
            ("2021-06-15", 25),
            ("2021-09-15", 25),
            ("2021-12-14", 30),
        ]
        .iter()
        .enumerate()
        {
            let nsnn = if i == 3 { left } else { total * part / 100 };
            left -= nsnn;
            let document = format!("Bảng kê thu quý {} năm 2021", i + 1);
            store
                .create_budget_entry(
                    &actor,
                    &scope,
                    ward.id,
                    2021,
                    Entry::Collection,
                    &amount(line, on, nsnn, nsnn * share / 100, document),
                )
                .await?;
        }
    }
    store
        .create_budget_entry(
            &actor,
            &scope,
            ward.id,
            2021,
            Entry::Original,
            &amount(
                Line::BalancingTransfer,
                "2021-01-05",
                0,
                3_150 * m,
                decision,
            ),
        )
        .await?;
    Ok(true)
}

/// R6: the 2021 call-up: quota 8, 8 enlisted; others examined, deferred or
/// found unfit on the way.
pub(super) async fn seed_recruitment(store: &Store, ward: &Unit) -> Result<bool, DemoError> {
    use xaphuong_core::recruitment::{RecruitInput, Service, Stage};
    let scope = ward.scope();
    if store
        .recruitment_summary(&scope, 2021)
        .await?
        .iter()
        .any(|(_, s)| s.quota > 0 || s.called > 0)
    {
        return Ok(false);
    }
    let actor = Actor::system("dữ liệu mẫu");
    store
        .set_recruitment_quota(&actor, &scope, ward.id, 2021, Service::Military, 8)
        .await?;
    let groups = store
        .units(
            &scope,
            &UnitFilter {
                parent_id: Some(ward.id),
                per_page: Some(50),
                ..Default::default()
            },
        )
        .await?
        .items;
    // 8 enlisted, 2 deferred for study, 2 found unfit, 1 exempted.
    let mut plan: Vec<(Vec<Stage>, &str)> =
        vec![(vec![Stage::Examined, Stage::Passed, Stage::Enlisted], ""); 8];
    plan.push((vec![Stage::Postponed], "Đang học đại học hệ chính quy"));
    plan.push((vec![Stage::Postponed], "Đang học cao đẳng hệ chính quy"));
    plan.push((vec![Stage::Examined, Stage::Failed], ""));
    plan.push((vec![Stage::Examined, Stage::Failed], ""));
    plan.push((vec![Stage::Exempted], "Con của liệt sĩ"));
    for (i, (way, reason)) in plan.iter().enumerate() {
        let group = &groups[i % groups.len().max(1)];
        let middle = ["Văn", "Đức", "Minh"][i % 3];
        let name = format!(
            "{} {middle} {}",
            SURNAMES[(i * 4 + 1) % SURNAMES.len()],
            MEN[(i * 5 + 2) % MEN.len()]
        );
        let input = RecruitInput {
            full_name: name,
            birth_year: (2000 + (i % 3) as i16).to_string(),
            address: format!("{}, {}", group.name, STREETS[i % STREETS.len()]),
            service: Service::Military.as_str().into(),
        };
        let r = store
            .create_recruit(&actor, &scope, group.id, 2021, &input)
            .await?;
        for stage in way {
            store
                .move_recruit(&actor, &scope, r.id, *stage, reason, None)
                .await?;
        }
    }
    Ok(true)
}

/// R4: the household that handed its land over for the junction.
pub(super) async fn seed_handovers(store: &Store, ward: &Unit) -> Result<bool, DemoError> {
    let scope = ward.scope();
    if store.handover_totals(&scope, 2021).await?.0 > 0 {
        return Ok(false);
    }
    let groups = store
        .units(
            &scope,
            &UnitFilter {
                parent_id: Some(ward.id),
                per_page: Some(50),
                ..Default::default()
            },
        )
        .await?
        .items;
    let to7 = groups
        .iter()
        .find(|g| g.code == "7")
        .map_or(ward.id, |g| g.id);
    let input = xaphuong_core::handovers::HandoverInput {
        project: "Cải tạo nút giao Dương Mạc Hiếu – Trần Hưng Đạo – Phùng Chí Kiên".into(),
        household: "Hộ ông Hà Văn Thịnh".into(),
        address: "Số 2, đường Dương Mạc Hiếu, tổ 7".into(),
        handed_over_on: "2021-09-15".into(),
        area: "38,6".into(),
        document: "Biên bản bàn giao mặt bằng số 05/BB-GPMB ngày 15/9/2021".into(),
        note: "Tự nguyện bàn giao trước thời hạn".into(),
    };
    store
        .create_handover(
            &Actor::system("dữ liệu mẫu"),
            &scope,
            to7,
            &input,
            Date::constant(2021, 12, 31),
        )
        .await?;
    Ok(true)
}

const SURNAMES: [&str; 15] = [
    "Nguyễn", "Hoàng", "Nông", "Ma", "Triệu", "Lục", "Hà", "Lường", "Đặng", "Bế", "Dương", "Lý",
    "Vi", "Phạm", "Trần",
];
const MIDDLE: [&str; 6] = ["Văn", "Thị", "Đức", "Thị Thu", "Minh", "Thị Kim"];
const MEN: [&str; 13] = [
    "An", "Bình", "Cường", "Dũng", "Hùng", "Long", "Nam", "Phúc", "Quang", "Sơn", "Thắng", "Tuấn",
    "Khánh",
];
const WOMEN: [&str; 10] = [
    "Hạnh", "Hòa", "Lan", "Mai", "Thủy", "Vân", "Yến", "Hương", "Nga", "Thảo",
];
const STREETS: [&str; 6] = [
    "đường Trường Chinh",
    "đường Phùng Chí Kiên",
    "đường Dương Mạc Hiếu",
    "đường Trần Hưng Đạo",
    "đường Hùng Vương",
    "đường Nguyễn Văn Tố",
];

/// A plausible household head, the same for the same `i`.
fn household(i: usize) -> String {
    let middle = MIDDLE[(i * 7) % MIDDLE.len()];
    let surname = SURNAMES[(i * 5 + 3) % SURNAMES.len()];
    if middle.starts_with("Thị") {
        format!(
            "Hộ bà {surname} {middle} {}",
            WOMEN[(i * 11 + 1) % WOMEN.len()]
        )
    } else {
        format!(
            "Hộ ông {surname} {middle} {}",
            MEN[(i * 11 + 1) % MEN.len()]
        )
    }
}

/// The 2021 urban-order cases behind the ward's report: 53 households, 49
/// of whom removed their constructions themselves and 4 committed to, some
/// of them on the escape routes of tổ 5.
pub(super) async fn seed_violations(store: &Store, ward: &Unit) -> Result<bool, DemoError> {
    let scope = ward.scope();
    let existing = store.violation_counts(&scope, 2021).await?;
    if existing.iter().map(|(_, n)| n).sum::<i64>() > 0 {
        return Ok(false);
    }
    let groups = store
        .units(
            &scope,
            &UnitFilter {
                parent_id: Some(ward.id),
                per_page: Some(50),
                ..Default::default()
            },
        )
        .await?
        .items;
    let group = |code: &str| {
        groups
            .iter()
            .find(|g| g.code == code)
            .map_or(ward.id, |g| g.id)
    };
    let actor = Actor::system("dữ liệu mẫu");
    let today = Date::constant(2021, 12, 31);
    for i in 0..53usize {
        // Cases 0–6: escape routes of tổ 5, cleared after persuasion.
        let escape = i < 7;
        let kind = if escape {
            CaseKind::EscapeRoute
        } else if i % 2 == 0 {
            CaseKind::IllegalConstruction
        } else {
            CaseKind::InfrastructureEncroachment
        };
        let group_no = if escape { 5 } else { 1 + (i * 3) % 10 };
        let detected = Date::constant(2021, 2, 1) + ((i as i64 * 4) % 240).days();
        let input = CaseInput {
            kind: kind.as_str().into(),
            offender: household(i),
            address: format!(
                "Số {}, {}, tổ {group_no}",
                3 + (i * 7) % 180,
                STREETS[i % STREETS.len()]
            ),
            description: match kind {
                CaseKind::EscapeRoute => {
                    "Dựng mái che, kê đồ đạc lấn lối thoát hiểm của khu dân cư".into()
                }
                CaseKind::IllegalConstruction => {
                    "Xây dựng công trình phụ không có giấy phép".into()
                }
                _ => "Làm mái che, bậc lên xuống lấn không gian hạ tầng kỹ thuật đô thị".into(),
            },
            detected_on: detected.to_string(),
        };
        let v = store
            .create_violation(&actor, &scope, group(&group_no.to_string()), &input, today)
            .await?;
        let step = |step: Step, on: Date, deadline: Option<Date>, document: String| Event {
            step,
            on,
            deadline,
            document,
            note: String::new(),
        };
        let mut steps = Vec::new();
        if escape {
            steps.push(step(
                Step::Reminder,
                detected + 2.days(),
                None,
                String::new(),
            ));
            steps.push(step(
                Step::SelfRemedied,
                detected + 12.days(),
                None,
                String::new(),
            ));
        } else {
            let number = 10 + i;
            steps.push(step(
                Step::Record,
                detected + 1.day(),
                None,
                format!("Biên bản số {number}/BB-TTĐT"),
            ));
            let committed = i >= 49;
            let deadline = if committed {
                Date::constant(2022, 3, 31)
            } else {
                detected + 45.days()
            };
            let promised = detected + 5.days();
            steps.push(step(
                Step::Commitment,
                promised,
                Some(deadline),
                format!("Bản cam kết ngày {}", promised.strftime("%d/%m/%Y")),
            ));
            if !committed {
                steps.push(step(
                    Step::SelfRemedied,
                    detected + (20 + (i as i64 % 20)).days(),
                    None,
                    String::new(),
                ));
            }
        }
        for e in &steps {
            store
                .add_violation_event(&actor, &scope, v.id, e, today, None)
                .await?;
        }
    }
    Ok(true)
}
