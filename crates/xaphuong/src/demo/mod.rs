//! The demo deployment: Tỉnh Bắc Kạn › Thành phố Bắc Kạn › Phường Phùng Chí
//! Kiên (01843) with its residential groups and one account per role. Later
//! features add their demo records here. People's names are invented.

use jiff::ToSpan;
use jiff::civil::{Date, DateTime};
use xaphuong_core::access::Scope;
use xaphuong_core::audit::Actor;
use xaphuong_core::registers::violations::{CaseInput, Event, Kind as CaseKind, Step};
use xaphuong_core::units::{Kind, UnitInput};
use xaphuong_core::users::{Role, UserInput};
use xaphuong_store::units::{Unit, UnitFilter};
use xaphuong_store::{Store, StoreError};

pub const WARD_CODE: &str = "01843";

/// A demo account and its password (printed at start).
pub struct DemoAccount {
    pub username: &'static str,
    pub password: &'static str,
    pub full_name: &'static str,
    pub role: Role,
    pub fields: &'static [&'static str],
    /// Code of the unit it is bound to: the province, the ward, or a group.
    pub unit: &'static str,
}

pub const ACCOUNTS: &[DemoAccount] = &[
    DemoAccount {
        username: "quantri",
        password: "quantri@01843",
        full_name: "Hoàng Văn Thành",
        role: Role::Admin,
        fields: &[],
        unit: "06",
    },
    DemoAccount {
        username: "lanhdao",
        password: "lanhdao@01843",
        full_name: "Nông Thị Hạnh",
        role: Role::Leader,
        fields: &[],
        unit: WARD_CODE,
    },
    DemoAccount {
        username: "motcua",
        password: "motcua@01843",
        full_name: "Ma Thị Lan",
        role: Role::OneStopOfficer,
        fields: &[],
        unit: WARD_CODE,
    },
    DemoAccount {
        username: "chuyenmon",
        password: "chuyenmon@01843",
        full_name: "Triệu Văn Đức",
        role: Role::SpecialistOfficer,
        fields: &["dat_dai", "xay_dung"],
        unit: WARD_CODE,
    },
    DemoAccount {
        username: "totruong5",
        password: "totruong5@01843",
        full_name: "Lục Văn Sơn",
        role: Role::GroupHead,
        fields: &[],
        unit: "5",
    },
];

#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Created,
    AlreadyThere,
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("Cơ sở dữ liệu đã có dữ liệu khác; dữ liệu mẫu chỉ được nạp vào cơ sở dữ liệu trống")]
    NotEmpty,
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn input(code: &str, name: &str, kind: Kind) -> UnitInput {
    UnitInput {
        code: code.into(),
        name: name.into(),
        kind: kind.as_str().into(),
    }
}

/// Fills an empty database with the demo deployment; completes one that
/// already holds it with the records of later features; refuses one that
/// holds anything else.
pub async fn seed(store: &Store) -> Result<Outcome, DemoError> {
    if let Ok(ward) = store.unit_by_code(&Scope::All, WARD_CODE).await {
        let added = seed_violations(store, &ward).await?;
        let resolutions = seed_resolutions(store, &ward).await?;
        let households = seed_households(store, &ward).await?;
        return Ok(if added || resolutions || households {
            Outcome::Created
        } else {
            Outcome::AlreadyThere
        });
    }
    let any = store
        .units(
            &Scope::All,
            &UnitFilter {
                per_page: Some(1),
                ..Default::default()
            },
        )
        .await?;
    if any.total > 0 || store.count_users().await? > 0 {
        return Err(DemoError::NotEmpty);
    }
    let actor = Actor::system("dữ liệu mẫu");
    let all = Scope::All;
    let province = store
        .create_unit(&actor, &all, None, &input("06", "Tỉnh Bắc Kạn", Kind::Tinh))
        .await?;
    let city = store
        .create_unit(
            &actor,
            &all,
            Some(province.id),
            &input("058", "Thành phố Bắc Kạn", Kind::ThanhPhoThuocTinh),
        )
        .await?;
    let ward = store
        .create_unit(
            &actor,
            &all,
            Some(city.id),
            &input(WARD_CODE, "Phường Phùng Chí Kiên", Kind::Phuong),
        )
        .await?;
    let mut groups: Vec<Unit> = Vec::new();
    for n in 1..=10 {
        let g = store
            .create_unit(
                &actor,
                &all,
                Some(ward.id),
                &input(&n.to_string(), &format!("Tổ {n}"), Kind::ToDanPho),
            )
            .await?;
        groups.push(g);
    }
    for a in ACCOUNTS {
        let unit_id = match a.unit {
            "06" => province.id,
            WARD_CODE => ward.id,
            group => groups
                .iter()
                .find(|g| g.code == group)
                .map_or(ward.id, |g| g.id),
        };
        let hash = hash(a.password).await;
        let input = UserInput {
            username: a.username.into(),
            full_name: a.full_name.into(),
            role: a.role.as_str().into(),
            fields: a.fields.iter().map(|f| f.to_string()).collect(),
        };
        store
            .create_user(&actor, &all, Some(unit_id), &input, &hash)
            .await?;
    }
    seed_violations(store, &ward).await?;
    seed_handovers(store, &ward).await?;
    seed_recruitment(store, &ward).await?;
    seed_budget(store, &ward).await?;
    seed_inspections(store, &ward).await?;
    seed_resolutions(store, &ward).await?;
    seed_dossiers(store, &ward).await?;
    seed_households(store, &ward).await?;
    Ok(Outcome::Created)
}

/// A small deterministic generator, so the demo is the same every time.
struct Dice(u64);

impl Dice {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n.max(1)
    }
}

/// `from` plus `share` (0–1) of the way to `to`.
/// `from` plus `share` (0–1) of the way to `to`, moved into office hours.
fn between(from: DateTime, to: DateTime, share: f64) -> DateTime {
    let span = from.duration_until(to);
    let part = jiff::SignedDuration::from_secs((span.as_secs() as f64 * share) as i64);
    let t = from.checked_add(part).unwrap_or(to);
    let hour = t.hour().clamp(7, 16);
    let t = t.with().hour(hour).build().unwrap_or(t);
    if t < from { from } else { t }
}

/// About a year of one-stop dossiers (January to late November 2026): most
/// filed at the counter, a third online, a few by post; some asked for a
/// supplement once, a few late — most of those with an apology and a new
/// date — and the latest still in progress. Citizens rated some results.
async fn seed_dossiers(store: &Store, ward: &Unit) -> Result<bool, DemoError> {
    use xaphuong_core::onestop::lifecycle::{Action, Channel};
    use xaphuong_core::onestop::procedures::ProcessingTime;
    use xaphuong_store::onestop::{ApplicantInput, DossierFilter, Filing};
    let system = Actor::system("dữ liệu mẫu");
    store.ensure_procedure_catalogue(&system).await?;
    let scope = ward.scope();
    let any = DossierFilter {
        per_page: Some(1),
        ..Default::default()
    };
    if store.dossiers(&scope, &any).await?.total > 0 {
        return Ok(false);
    }
    let mut people = Vec::new();
    for name in ["motcua", "chuyenmon", "lanhdao"] {
        people.push(match store.user_for_login(name).await? {
            Some((u, _)) => Actor::user(u.id, &u.username),
            None => system.clone(),
        });
    }
    let [counter, specialist, leader] = [&people[0], &people[1], &people[2]];
    let procedures = store.procedures(None).await?;
    let cal = store.work_calendar(Some(ward), 2025..=2027).await?;
    let pattern = store.dossier_code_pattern(ward).await?;
    const FAMILY: [&str; 10] = [
        "Nguyễn", "Hoàng", "Nông", "Hà", "Lương", "Ma", "Triệu", "Lục", "Đinh", "Vi",
    ];
    const MIDDLE: [&str; 6] = ["Văn", "Thị", "Đức", "Minh", "Thu", "Ngọc"];
    const GIVEN: [&str; 10] = [
        "An",
        "Bình",
        "Chiến",
        "Dung",
        "Hạnh",
        "Khánh",
        "Lan",
        "Nam",
        "Phượng",
        "Tuấn",
    ];
    let mut dice = Dice(2026);
    let mut day = Date::constant(2026, 1, 5);
    let last = Date::constant(2026, 11, 27);
    let mut n = 0u64;
    while day <= last {
        if !cal.is_working_day(day) {
            day = day
                .tomorrow()
                .map_err(|e| StoreError::Unsupported(e.to_string()))?;
            continue;
        }
        // One to three dossiers on a working day, in the office's hours.
        for _ in 0..(1 + dice.next(3)) {
            n += 1;
            // Hộ tịch and chứng thực are most of a ward's work.
            let p = &procedures[dice.next(procedures.len() as u64) as usize];
            let channel = match dice.next(10) {
                0..=5 => Channel::Counter,
                6..=8 => Channel::Online,
                _ => Channel::Post,
            };
            let hour = [7, 8, 9, 10, 13, 14, 15, 16][dice.next(8) as usize];
            let at = day.at(hour, (dice.next(4) * 15) as i8, 0, 0);
            let name = format!(
                "{} {} {}",
                FAMILY[dice.next(10) as usize],
                MIDDLE[dice.next(6) as usize],
                GIVEN[dice.next(10) as usize]
            );
            let applicant = ApplicantInput {
                applicant: name,
                address: format!("Tổ {}, phường Phùng Chí Kiên", 1 + dice.next(10)),
                phone: format!("09{:08}", dice.next(100_000_000)),
                email: String::new(),
            };
            let by = if channel == Channel::Counter {
                counter
            } else {
                &system
            };
            let d = store
                .submit_dossier(
                    by,
                    &scope,
                    &Filing {
                        commune_id: ward.id,
                        procedure_id: p.id,
                        channel,
                        // One in five wants the result by post, as most
                        // filed by post do.
                        return_channel: if channel == Channel::Post || dice.next(5) == 0 {
                            Channel::Post
                        } else {
                            Channel::Counter
                        },
                        applicant,
                        files: Vec::new(),
                    },
                    at,
                    &pattern,
                    Some(&cal),
                )
                .await?;
            let id = d.id;
            let step = |who: &Actor, action: Action, at: DateTime, _note: &str| {
                let who = who.clone();
                let (cal, scope) = (&cal, &scope);
                async move {
                    store
                        .act_on_dossier(&who, scope, id, &action, at, None, "", Some(cal))
                        .await
                }
            };
            let mut d = d;
            if channel != Channel::Counter {
                let accepted = at.checked_add(jiff::Span::new().hours(2)).unwrap_or(at);
                d = step(counter, Action::Accept, accepted, "").await?;
            }
            let (Some(received), Some(due)) = (d.received_at, d.due_at) else {
                continue;
            };
            d = step(counter, Action::Assign, between(received, due, 0.05), "").await?;
            // The latest dossiers are still being handled.
            if day > Date::constant(2026, 11, 20) {
                continue;
            }
            let long = matches!(p.time, ProcessingTime::WorkingDays(k) if k >= 3);
            let roll = dice.next(100);
            if roll < 6 && long {
                step(
                    specialist,
                    Action::RequestSupplement {
                        reason: "Thiếu bản sao giấy tờ tùy thân của người được khai".into(),
                    },
                    between(received, due, 0.2),
                    "",
                )
                .await?;
                d = step(
                    counter,
                    Action::SupplementReceived,
                    between(received, due, 0.35),
                    "",
                )
                .await?;
            }
            let due = d.due_at.unwrap_or(due);
            let late = roll >= 96 && long;
            if late && roll >= 98 {
                // Told the citizen in time, with a new date (Art. 19(6)).
                let new_due = due.checked_add(jiff::Span::new().days(3)).unwrap_or(due);
                step(
                    specialist,
                    Action::Apologise {
                        reason: "Chờ xác minh thông tin tại nơi cư trú trước đây".into(),
                        new_due,
                    },
                    between(received, due, 0.5),
                    "",
                )
                .await?;
            }
            step(specialist, Action::Submit, between(received, due, 0.6), "").await?;
            let approved = if late {
                due.checked_add(jiff::Span::new().days(1)).unwrap_or(due)
            } else {
                between(received, due, 0.8)
            };
            step(leader, Action::Approve, approved, "").await?;
            let returned = if late {
                approved
                    .checked_add(jiff::Span::new().hours(1))
                    .unwrap_or(approved)
            } else {
                between(received, due, 0.9)
            };
            d = step(counter, Action::ReturnResult, returned, "").await?;
            if n.is_multiple_of(4) {
                // One rating in sixteen "không hài lòng".
                let level = match n % 64 / 4 {
                    15 => "khong_hai_long",
                    k if k % 3 == 0 => "rat_hai_long",
                    _ => "hai_long",
                };
                store
                    .rate_dossier(
                        &d.code,
                        "3 mức: rất hài lòng / hài lòng / không hài lòng",
                        level,
                        "",
                        // Rated when the result came back.
                        xaphuong_core::calendar::vietnam_instant(returned),
                    )
                    .await?;
            }
        }
        day = day
            .tomorrow()
            .map_err(|e| StoreError::Unsupported(e.to_string()))?;
    }
    Ok(true)
}

/// The ward council's resolutions: for 2021 the revenue estimate and the
/// recruitment quota as targets; for 2022 the seed's T1–T4 (7.950.000.000 đ
/// revenue, ≥ 95% cultural families, poverty ≤ 1,0%, 01 road concreted).
async fn seed_resolutions(store: &Store, ward: &Unit) -> Result<bool, DemoError> {
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
async fn seed_inspections(store: &Store, ward: &Unit) -> Result<bool, DemoError> {
    use xaphuong_core::registers::inspections::{
        CaseInput, CaseKind, InspectionInput, Outcome as Result_,
    };
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
async fn seed_budget(store: &Store, ward: &Unit) -> Result<bool, DemoError> {
    use xaphuong_core::registers::budget::{AmountInput, Entry, Line};
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
async fn seed_recruitment(store: &Store, ward: &Unit) -> Result<bool, DemoError> {
    use xaphuong_core::registers::recruitment::{RecruitInput, Service, Stage};
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
                .move_recruit(&actor, &scope, r.id, *stage, reason)
                .await?;
        }
    }
    Ok(true)
}

/// R4: the household that handed its land over for the junction.
async fn seed_handovers(store: &Store, ward: &Unit) -> Result<bool, DemoError> {
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
    let input = xaphuong_core::registers::handovers::HandoverInput {
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
async fn seed_violations(store: &Store, ward: &Unit) -> Result<bool, DemoError> {
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
                .add_violation_event(&actor, &scope, v.id, e, today)
                .await?;
        }
    }
    Ok(true)
}

async fn hash(password: &'static str) -> String {
    xaphuong_web::passwords::hash(password.to_owned())
        .await
        .unwrap_or_default()
}

/// Households of the ward in the demo.
pub const DEMO_HOUSEHOLDS: usize = 1_500;

/// T2 and T3 of 2022: about 1.500 households in the ten groups, with the
/// poverty review and the "Gia đình văn hóa" review of 2021 and 2022, so
/// that the 2022 report shows both rates against their targets (≥ 95%,
/// ≤ 1,0%). 2021: 22 poor, 15 near-poor, 93,5% recognised; 2022: 12 of
/// the poor leave poverty, 4 households fall into it, 95,4% recognised.
async fn seed_households(store: &Store, ward: &Unit) -> Result<bool, DemoError> {
    use xaphuong_core::registers::ImportRow;
    use xaphuong_core::social::culture::CultureInput;
    use xaphuong_core::social::households::{HouseholdInput, MemberInput};
    use xaphuong_core::social::poverty::{ReviewInput, ReviewStep};
    use xaphuong_core::social::{CultureRow, MemberRow, PovertyRow};
    use xaphuong_store::households::HouseholdFilter;
    let scope = ward.scope();
    let any = HouseholdFilter {
        per_page: Some(1),
        with_moved_out: true,
        ..Default::default()
    };
    if store.households(&scope, &any).await?.total > 0 {
        return Ok(false);
    }
    let actor = Actor::system("dữ liệu mẫu");
    const FAMILY: [&str; 12] = [
        "Nguyễn", "Hoàng", "Nông", "Hà", "Lương", "Ma", "Triệu", "Lục", "Đinh", "Vi", "Trần", "Đàm",
    ];
    const MALE: [&str; 10] = [
        "Văn Hùng",
        "Văn Minh",
        "Đức Thắng",
        "Văn Toàn",
        "Quang Huy",
        "Văn Sơn",
        "Minh Tuấn",
        "Văn Dũng",
        "Đức Anh",
        "Văn Hải",
    ];
    const FEMALE: [&str; 10] = [
        "Thị Lan",
        "Thị Hoa",
        "Thu Hà",
        "Thị Mai",
        "Ngọc Ánh",
        "Thị Hằng",
        "Thị Nhung",
        "Thu Trang",
        "Thị Thảo",
        "Thị Hương",
    ];
    let mut dice = Dice(2022);
    let mut rows = Vec::new();
    let mut line = 1;
    let mut codes = Vec::with_capacity(DEMO_HOUSEHOLDS);
    for i in 0..DEMO_HOUSEHOLDS {
        let group = i % 10 + 1;
        let code = format!("PCK-T{group:02}-{:04}", i / 10 + 1);
        let family = FAMILY[dice.next(FAMILY.len() as u64) as usize];
        let head_born = 1945 + dice.next(50) as i16;
        let head_male = dice.next(10) < 7;
        let head = format!(
            "{family} {}",
            if head_male { MALE } else { FEMALE }[dice.next(10) as usize]
        );
        let household = HouseholdInput {
            code: code.clone(),
            head_name: head.clone(),
            address: format!(
                "Số {}, tổ {group}, phường Phùng Chí Kiên",
                1 + dice.next(120)
            ),
            group: format!("Tổ {group}"),
            area: String::new(),
        };
        // The head, a spouse for most, then children.
        let mut members = vec![(head, "head", head_born, head_male)];
        if dice.next(10) < 8 {
            let spouse = format!(
                "{} {}",
                FAMILY[dice.next(FAMILY.len() as u64) as usize],
                if head_male { FEMALE } else { MALE }[dice.next(10) as usize]
            );
            let rel = if head_male { "wife" } else { "husband" };
            members.push((spouse, rel, head_born + dice.next(5) as i16, !head_male));
        }
        for _ in 0..dice.next(4) {
            let male = dice.next(2) == 0;
            let born = (head_born + 20 + dice.next(15) as i16).min(2021);
            let name = format!(
                "{family} {}",
                if male { MALE } else { FEMALE }[dice.next(10) as usize]
            );
            members.push((name, "child", born, male));
        }
        for (k, (name, relation, born, male)) in members.into_iter().enumerate() {
            // Số định danh (TT 59/2021/TT-BCA): Bắc Kạn 006, the century
            // and sex digit, the year, then a number unique in the demo.
            let century = if born >= 2000 { 2 } else { 0 } + u8::from(!male);
            let id = format!("006{century}{:02}{:06}", born % 100, i * 10 + k);
            line += 1;
            rows.push(ImportRow {
                row: line,
                group: household.group.clone(),
                input: MemberRow {
                    household: household.clone(),
                    member: MemberInput {
                        household: code.clone(),
                        full_name: name,
                        relation: relation.into(),
                        birth_year: born.to_string(),
                        sex: if male { "male" } else { "female" }.into(),
                        citizen_id: id,
                    },
                },
            });
        }
        codes.push(code);
    }
    store
        .import_households(&actor, &scope, ward.id, &rows, Date::constant(2015, 1, 1))
        .await?;

    // Poverty: the first 22 households poor in 2021, the next 15 near-poor;
    // in 2022 ten of the poor stay, two become near-poor, ten climb out,
    // and four households (40–43) fall into poverty.
    let review = |year: i16, class: &str, dice: &mut Dice| {
        let (income, deprived) = match class {
            "poor" => (1_300_000 + dice.next(6) * 100_000, "1;4;7"),
            "near_poor" => (1_400_000 + dice.next(6) * 100_000, "4"),
            "average" => (2_200_000 + dice.next(7) * 100_000, ""),
            _ => (3_500_000 + dice.next(40) * 100_000, ""),
        };
        ReviewInput {
            year: year.to_string(),
            area: String::new(),
            income: income.to_string(),
            deprivations: deprived.into(),
        }
    };
    let class_of = |year: i16, i: usize| match (year, i) {
        (2021, 0..=21) => "poor",
        (2021, 22..=36) => "near_poor",
        (2022, 0..=9) => "poor",
        (2022, 10..=11) => "near_poor",
        (2022, 12..=21) => "average",
        (2022, 22..=33) => "near_poor",
        (2022, 40..=43) => "poor",
        (_, 44..=80) => "average",
        _ => "not_poor",
    };
    let mut poverty = Vec::new();
    let mut culture = Vec::new();
    for year in [2021i16, 2022] {
        for (i, code) in codes.iter().enumerate() {
            poverty.push(ImportRow {
                row: poverty.len() + 2,
                group: String::new(),
                input: PovertyRow {
                    household: code.clone(),
                    review: review(year, class_of(year, i), &mut dice),
                },
            });
            // 2021: 97 households not recognised (93,5%); 2022: 69 (95,4%).
            let missed = if year == 2021 { 97 } else { 69 };
            let met = i % 15 != 7 || i / 15 >= missed;
            let yes = |b: bool| if b { "Đạt" } else { "Không đạt" }.to_owned();
            culture.push(ImportRow {
                row: culture.len() + 2,
                group: String::new(),
                input: CultureRow {
                    household: code.clone(),
                    culture: CultureInput {
                        year: year.to_string(),
                        law: yes(met || i % 2 == 0),
                        emulation: yes(met),
                        family: yes(true),
                        exclusions: String::new(),
                        meeting_date: format!("{year}-11-05"),
                        posting_from: format!("{year}-11-08"),
                        posting_to: format!("{year}-11-18"),
                        decision_date: format!("{year}-11-28"),
                    },
                },
            });
        }
        let steps = [
            (ReviewStep::Listing, 9, 15),
            (ReviewStep::Survey, 10, 10),
            (ReviewStep::Meeting, 11, 2),
            (ReviewStep::Posting, 11, 5),
            (ReviewStep::Decision, 12, 10),
        ];
        for (step, m, d) in steps {
            store
                .set_review_step(
                    &actor,
                    &scope,
                    ward.id,
                    year,
                    step,
                    Date::new(year, m, d).unwrap_or_default(),
                    &format!("Rà soát hộ nghèo, hộ cận nghèo năm {year}"),
                )
                .await?;
        }
    }
    store
        .import_poverty_reviews(&actor, &scope, ward.id, &poverty)
        .await?;
    store
        .import_culture_reviews(&actor, &scope, ward.id, &culture)
        .await?;
    Ok(true)
}
