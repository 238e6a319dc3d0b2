//! The reform of 1 July 2025 in the demo: the four wards that became
//! Phường Bắc Kạn (Nghị quyết 1683/NQ-UBTVQH15 of 16/06/2025) and the
//! three that became Phường Đức Xuân, Tỉnh Bắc Kạn merged into Tỉnh Thái
//! Nguyên; a smaller history of the wards merged beside Phùng Chí Kiên,
//! and the new ward's budget and resolution of 2026.

use jiff::civil::Date;
use xaphuong_core::access::Scope;
use xaphuong_core::audit::Actor;
use xaphuong_core::budget::{AmountInput, Entry, Line};
use xaphuong_core::reorganisations::MergeInput;
use xaphuong_core::units::{Kind, UnitInput};
use xaphuong_core::violations::{CaseInput, Kind as CaseKind};
use xaphuong_store::Store;
use xaphuong_store::units::Unit;

use super::units::{OldMap, Ward};
use super::{DemoError, WARD_CODE};

const BASIS: &str = "1683/NQ-UBTVQH15";
const BASIS_DATE: &str = "2025-06-16";
const EFFECTIVE: &str = "2025-07-01";

fn actor() -> Actor {
    Actor::system("dữ liệu mẫu")
}

fn merge(
    predecessors: &[&Unit],
    into: Option<&Unit>,
    successor: UnitInput,
    parent: Option<&Unit>,
) -> MergeInput {
    MergeInput {
        basis: BASIS.into(),
        basis_date: BASIS_DATE.into(),
        effective_on: EFFECTIVE.into(),
        note: "Sắp xếp đơn vị hành chính cấp xã, không tổ chức cấp huyện".into(),
        predecessors: predecessors.iter().map(|u| u.id).collect(),
        into: into.map(|u| u.id),
        successor,
        parent: parent.map(|p| p.id),
    }
}

/// The merges of 1 July 2025; the new ward and its groups.
pub(super) async fn apply(store: &Store, old: &OldMap) -> Result<Ward, DemoError> {
    let all = Scope::All;
    let mut bac_kan: Vec<&Unit> = vec![&old.ward];
    bac_kan.extend(old.merged.iter().map(|(w, _)| w));
    let r = store
        .merge_units(
            &actor(),
            &all,
            &merge(
                &bac_kan,
                None,
                UnitInput {
                    code: WARD_CODE.into(),
                    name: "Phường Bắc Kạn".into(),
                    kind: Kind::Phuong.as_str().into(),
                },
                Some(&old.thai_nguyen),
            ),
        )
        .await?;
    let neighbours: Vec<&Unit> = old.neighbours.iter().collect();
    store
        .merge_units(
            &actor(),
            &all,
            &merge(
                &neighbours,
                Some(&old.neighbours[0]),
                UnitInput::default(),
                Some(&old.thai_nguyen),
            ),
        )
        .await?;
    // The province last: its city is left without a ward and ends with it.
    store
        .merge_units(
            &actor(),
            &all,
            &merge(
                &[&old.province, &old.thai_nguyen],
                Some(&old.thai_nguyen),
                UnitInput::default(),
                None,
            ),
        )
        .await?;
    let ward = store.unit(&all, r.unit_id).await?;
    Ok(Ward {
        province: store.unit(&all, old.thai_nguyen.id).await?,
        groups: store.groups_of(&ward).await?,
        ward,
    })
}

fn amount(line: Line, on: &str, nsnn: i64, document: &str) -> AmountInput {
    AmountInput {
        line: line.as_str().into(),
        on: on.into(),
        nsnn: nsnn.to_string(),
        nsx: String::new(),
        document: document.into(),
        note: String::new(),
    }
}

/// Each former ward's 2025 until the reform: its revenue estimate (`scale`
/// tenths of a base) and the first half's collections, and `cases`
/// urban-order cases.
pub(super) async fn history(
    store: &Store,
    ward: &Unit,
    scale: i64,
    cases: usize,
) -> Result<(), DemoError> {
    let scope = ward.scope();
    let m = 1_000_000_i64;
    let lines = [
        (Line::RegistrationFee, 900),
        (Line::NonFarmLandTax, 150),
        (Line::Fees, 90),
    ];
    for (line, estimate) in lines {
        let est = estimate * scale * m / 10;
        store
            .create_budget_entry(
                &actor(),
                &scope,
                ward.id,
                2025,
                Entry::Original,
                &amount(
                    line,
                    "2025-01-06",
                    est,
                    "Quyết định giao dự toán thu ngân sách năm 2025",
                ),
            )
            .await?;
        for on in ["2025-03-14", "2025-06-13"] {
            store
                .create_budget_entry(
                    &actor(),
                    &scope,
                    ward.id,
                    2025,
                    Entry::Collection,
                    &amount(line, on, est / 4, "Bảng kê thu ngân sách"),
                )
                .await?;
        }
    }
    let groups = store.groups_of(ward).await?;
    for (i, g) in groups.iter().take(cases).enumerate() {
        let input = CaseInput {
            kind: CaseKind::InfrastructureEncroachment.as_str().into(),
            offender: format!("Hộ kinh doanh số {}", i + 1),
            address: format!("{}, {}", g.name, ward.name),
            description: "Bày hàng hóa lấn chiếm vỉa hè".into(),
            detected_on: format!("2025-0{}-1{i}", 3 + i),
        };
        store
            .create_violation(&actor(), &scope, g.id, &input, Date::constant(2025, 6, 30))
            .await?;
    }
    Ok(())
}

/// The new ward's year: the second half of 2025's collections, and 2026's
/// estimate, collections to the end of the third quarter and resolution.
pub(super) async fn present(store: &Store, ward: &Unit) -> Result<(), DemoError> {
    use xaphuong_store::resolutions::ResolutionInput;
    let scope = ward.scope();
    let m = 1_000_000_i64;
    for (line, amount_m) in [
        (Line::RegistrationFee, 2_900),
        (Line::NonFarmLandTax, 310),
        (Line::Fees, 240),
    ] {
        for on in ["2025-09-15", "2025-12-12"] {
            store
                .create_budget_entry(
                    &actor(),
                    &scope,
                    ward.id,
                    2025,
                    Entry::Collection,
                    &amount(
                        line,
                        on,
                        amount_m * m / 2,
                        "Bảng kê thu ngân sách Phường Bắc Kạn",
                    ),
                )
                .await?;
        }
    }
    for (line, estimate) in [
        (Line::RegistrationFee, 5_600),
        (Line::NonFarmLandTax, 620),
        (Line::Fees, 480),
    ] {
        let est = estimate * m;
        store
            .create_budget_entry(
                &actor(),
                &scope,
                ward.id,
                2026,
                Entry::Original,
                &amount(
                    line,
                    "2026-01-05",
                    est,
                    "Quyết định giao dự toán thu ngân sách năm 2026",
                ),
            )
            .await?;
        for on in ["2026-03-13", "2026-06-12", "2026-09-15"] {
            store
                .create_budget_entry(
                    &actor(),
                    &scope,
                    ward.id,
                    2026,
                    Entry::Collection,
                    &amount(
                        line,
                        on,
                        est * 27 / 100,
                        "Bảng kê thu ngân sách Phường Bắc Kạn",
                    ),
                )
                .await?;
        }
    }
    store.ensure_indicator_catalogue(&actor()).await?;
    let input = ResolutionInput {
        number: "06/NQ-HĐND".into(),
        title: "Nghị quyết về nhiệm vụ phát triển kinh tế – xã hội, quốc phòng – an ninh năm 2026"
            .into(),
        adopted_on: Some(Date::constant(2025, 12, 19)),
        targets: [
            ("thu-nsnn", "6.700.000.000"),
            ("gia-dinh-van-hoa", "95"),
            ("ho-ngheo", "1,0"),
        ]
        .iter()
        .map(|(c, v)| ((*c).to_owned(), (*v).to_owned()))
        .collect(),
    };
    store
        .save_resolution(&actor(), &scope, ward.id, 2026, &input)
        .await?;
    Ok(())
}
