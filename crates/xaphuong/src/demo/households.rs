//! T2 and T3 of 2022: households in the ten groups of a commune, with the
//! poverty review and the "Gia đình văn hóa" review of 2021 and 2022, so
//! that the 2022 report shows both rates against their targets (≥ 95%,
//! ≤ 1,0%). Of the demo's 1.500 households, 2021: 22 poor, 15 near-poor,
//! 93,5% recognised; 2022: 12 of the poor leave poverty, 4 households fall
//! into it, 95,4% recognised. Other sizes keep those shares.

use jiff::civil::Date;
use xaphuong_core::audit::Actor;
use xaphuong_store::Store;
use xaphuong_store::units::Unit;

use super::{DemoError, Dice};

/// Households of the ward in the demo.
pub const DEMO_HOUSEHOLDS: usize = 1_500;

/// `count` households, their codes starting with `prefix`.
pub(super) async fn seed(
    store: &Store,
    ward: &Unit,
    count: usize,
    prefix: &str,
) -> Result<bool, DemoError> {
    use xaphuong_core::households::culture::CultureInput;
    use xaphuong_core::households::household::{HouseholdInput, MemberInput};
    use xaphuong_core::households::poverty::{ReviewInput, ReviewStep};
    use xaphuong_core::households::{CultureRow, MemberRow, PovertyRow};
    use xaphuong_core::import::ImportRow;
    use xaphuong_store::households::HouseholdFilter;
    let scope = ward.scope();
    let any = HouseholdFilter {
        per_page: Some(1),
        with_moved_out: true,
        ..Default::default()
    };
    if !store.households(&scope, &any).await?.items.is_empty() {
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
    let mut codes = Vec::with_capacity(count);
    // "Phường Phùng Chí Kiên" → "phường Phùng Chí Kiên", as an address ends.
    let place = {
        let mut c = ward.name.chars();
        c.next()
            .map(|f| f.to_lowercase().chain(c).collect::<String>())
            .unwrap_or_default()
    };
    for i in 0..count {
        let group = i % 10 + 1;
        let code = format!("{prefix}-T{group:02}-{:04}", i / 10 + 1);
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
            address: format!("Số {}, tổ {group}, {place}", 1 + dice.next(120)),
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
        .import_households(&actor, &scope, ward.id, rows, Date::constant(2015, 1, 1))
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
    // The demo's 1.500 households, scaled to `count`.
    let scaled = |i: usize| i * DEMO_HOUSEHOLDS / count.max(1);
    let class_of = |year: i16, i: usize| match (year, scaled(i)) {
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
            let k = scaled(i);
            let met = k % 15 != 7 || k / 15 >= missed;
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
