//! The reform of 1 July 2025: two wards merged into a new one keep every
//! record, their open work goes on in the new ward, a code names one unit
//! at a date, and a neighbouring ward reaches none of it.

use jiff::civil::{Date, DateTime, date};
use uuid::Uuid;
use xaphuong_core::access::Scope;
use xaphuong_core::audit::Entity;
use xaphuong_core::households::household::{HouseholdInput, MemberInput};
use xaphuong_core::onestop::lifecycle::{Action, Channel, Status};
use xaphuong_core::reorganisations::MergeInput;
use xaphuong_core::units::{Kind, UnitInput};
use xaphuong_core::users::Role;
use xaphuong_core::violations::{CaseInput, Event, Step};
use xaphuong_store::audit::AuditFilter;
use xaphuong_store::onestop::{ApplicantInput, Dossier, Filing, StatsFilter};
use xaphuong_store::units::Unit;
use xaphuong_store::{Store, StoreError, store_test};

use crate::support::*;

const EFFECTIVE: Date = Date::constant(2025, 7, 1);

fn case(offender: &str) -> CaseInput {
    CaseInput {
        kind: "escape_route".into(),
        offender: offender.into(),
        address: "Ngõ 12 đường Dương Mạc Hiếu".into(),
        description: "Dựng mái tôn lấn lối thoát hiểm".into(),
        detected_on: "2025-05-02".into(),
    }
}

fn merge(predecessors: &[&Unit], parent: &Unit) -> MergeInput {
    MergeInput {
        basis: "1683/NQ-UBTVQH15".into(),
        basis_date: "2025-06-16".into(),
        effective_on: EFFECTIVE.to_string(),
        note: "Sắp xếp đơn vị hành chính cấp xã năm 2025".into(),
        predecessors: predecessors.iter().map(|u| u.id).collect(),
        into: None,
        successor: UnitInput {
            code: "01843".into(),
            name: "Phường Bắc Kạn".into(),
            kind: Kind::Phuong.as_str().into(),
        },
        parent: Some(parent.id),
    }
}

async fn file(
    store: &Store,
    ward: &Unit,
    procedure: Uuid,
    channel: Channel,
    at: DateTime,
) -> Dossier {
    let cal = store.work_calendar(Some(ward), 2025..=2026).await.unwrap();
    let filing = Filing {
        commune_id: ward.id,
        procedure_id: procedure,
        channel,
        return_channel: Channel::Counter,
        applicant: ApplicantInput {
            applicant: "Hoàng Thị Lan".into(),
            address: "Tổ 5".into(),
            phone: "0912345678".into(),
            email: String::new(),
        },
        files: Vec::new(),
    };
    store
        .submit_dossier(
            &system(),
            &ward.scope(),
            &filing,
            at,
            &Store::default_code_pattern(ward),
            Some(&cal),
        )
        .await
        .unwrap()
}

/// What the reports count in `scope` for 2025: violations, households,
/// dossiers received.
async fn counts(store: &Store, scope: &Scope) -> (i64, i64, i64) {
    let violations = store
        .violation_counts(scope, 2025)
        .await
        .unwrap()
        .iter()
        .map(|(_, n)| n)
        .sum();
    let households = store
        .household_counts(scope, 2025)
        .await
        .unwrap()
        .households;
    let dossiers = store
        .dossier_stats(
            scope,
            date(2025, 1, 1),
            date(2025, 12, 31),
            &StatsFilter::default(),
        )
        .await
        .unwrap()
        .total
        .received();
    (violations, households, dossiers)
}

store_test!(a_merge_keeps_every_record_and_open_work_goes_on, |store| {
    let t = tree(&store).await;
    let a = system();
    let thai_nguyen = add_unit(&store, None, "19", "Tỉnh Thái Nguyên", Kind::Tinh).await;
    let neighbour = add_unit(
        &store,
        Some(&thai_nguyen),
        "01840",
        "Phường Đức Xuân",
        Kind::Phuong,
    )
    .await;
    store.ensure_procedure_catalogue(&a).await.unwrap();
    let procedure = store.procedures(None).await.unwrap()[0].id;
    let officer = user(
        &store,
        Some(t.ward_a.id),
        "canbo_pck",
        Role::SpecialistOfficer,
    )
    .await;
    let head = user(&store, Some(t.group_b.id), "totruong_sc", Role::GroupHead).await;

    let mut cases = Vec::new();
    let mut dossiers = Vec::new();
    for (n, (ward, group)) in [(&t.ward_a, &t.group_a), (&t.ward_b, &t.group_b)]
        .into_iter()
        .enumerate()
    {
        for k in 0..=n {
            let v = store
                .create_violation(
                    &a,
                    &ward.scope(),
                    group.id,
                    &case(&format!("Hộ {n}-{k}")),
                    date(2025, 5, 10),
                )
                .await
                .unwrap();
            cases.push(v);
            store
                .create_household(
                    &a,
                    &ward.scope(),
                    group.id,
                    &HouseholdInput {
                        code: format!("H-{n}-{k}"),
                        head_name: "Nông Văn Tài".into(),
                        address: "Tổ 5".into(),
                        ..Default::default()
                    },
                    &MemberInput {
                        full_name: "Nông Văn Tài".into(),
                        birth_year: "1970".into(),
                        sex: "male".into(),
                        ..Default::default()
                    },
                    date(2025, 1, 10),
                )
                .await
                .unwrap();
        }
        // Phùng Chí Kiên's filed online and not yet accepted; Sông Cầu's
        // received at the counter.
        let channel = [Channel::Online, Channel::Counter][n];
        let at = date(2025, 6, 20).at(9, 0, 0, 0);
        dossiers.push(file(&store, ward, procedure, channel, at).await);
    }
    let before_a = counts(&store, &t.ward_a.scope()).await;
    let before_b = counts(&store, &t.ward_b.scope()).await;
    assert_eq!((before_a, before_b), ((1, 1, 0), (2, 2, 1)));

    // The preview names what moves and writes nothing.
    let input = merge(&[&t.ward_a, &t.ward_b], &thai_nguyen);
    let plan = store.merge_preview(&Scope::All, &input).await.unwrap();
    assert_eq!(plan.successor.id, None);
    assert_eq!(plan.predecessors.len(), 2);
    let groups: Vec<(&str, &str)> = plan
        .groups
        .iter()
        .map(|g| (g.to.code.as_str(), g.to.name.as_str()))
        .collect();
    // Both wards had a Tổ 5.
    assert_eq!(
        groups,
        [
            ("5-SC", "Tổ 5 (Sông Cầu)"),
            ("5-PCK", "Tổ 5 (Phùng Chí Kiên)")
        ]
    );
    let sc = plan
        .predecessors
        .iter()
        .find(|p| p.unit.code == "01837")
        .unwrap();
    let violations = sc
        .records
        .iter()
        .find(|r| r.register == "Vụ vi phạm trật tự xây dựng")
        .unwrap();
    assert_eq!(violations.count, 2);
    // The ward's officer moves; the group head stays with the group.
    assert_eq!(sc.users, 0);
    assert_eq!(plan.predecessors[1].users, 1);
    assert!(
        store
            .unit(&Scope::All, t.ward_a.id)
            .await
            .unwrap()
            .valid_to
            .is_none()
    );

    // A ward officer may not reorganise the map.
    let refused = store
        .merge_units(&a, &t.ward_a.scope(), &input)
        .await
        .unwrap_err();
    assert!(matches!(refused, StoreError::Invalid(_)), "{refused:?}");

    let r = store.merge_units(&a, &Scope::All, &input).await.unwrap();
    let bac_kan = store.unit(&Scope::All, r.unit_id).await.unwrap();
    assert_eq!(
        (bac_kan.code.as_str(), bac_kan.name.as_str()),
        ("01843", "Phường Bắc Kạn")
    );
    assert_eq!(bac_kan.valid_from.as_deref(), Some("2025-07-01"));

    // A code names one unit at a date.
    let then = store
        .unit_by_code(&Scope::All, "01843", Some(date(2021, 12, 31)))
        .await
        .unwrap();
    assert_eq!(then.id, t.ward_a.id);
    let now = store
        .unit_by_code(&Scope::All, "01843", None)
        .await
        .unwrap();
    assert_eq!(now.id, bac_kan.id);
    let on_the_day = store
        .unit_by_code(&Scope::All, "01843", Some(EFFECTIVE))
        .await
        .unwrap();
    assert_eq!(on_the_day.id, bac_kan.id);

    // The predecessors ended and hang under the new ward; every count
    // before equals the sum after, and each predecessor still counts its own.
    let ward_a = store.unit(&Scope::All, t.ward_a.id).await.unwrap();
    let ward_b = store.unit(&Scope::All, t.ward_b.id).await.unwrap();
    assert_eq!(ward_a.valid_to.as_deref(), Some("2025-07-01"));
    assert_eq!(ward_a.parent_id, Some(bac_kan.id));
    assert!(ward_a.path.starts_with(&bac_kan.path));
    assert_eq!(counts(&store, &ward_a.scope()).await, before_a);
    assert_eq!(counts(&store, &ward_b.scope()).await, before_b);
    assert_eq!(
        counts(&store, &bac_kan.scope()).await,
        (
            before_a.0 + before_b.0,
            before_a.1 + before_b.1,
            before_a.2 + before_b.2
        )
    );
    let predecessors = store.predecessors(&bac_kan).await.unwrap();
    let codes: Vec<&str> = predecessors.iter().map(|u| u.code.as_str()).collect();
    assert_eq!(codes, ["01837", "01843"]);

    // Open work goes on in the new ward, under the same code.
    let scope = bac_kan.scope();
    let cal = store
        .work_calendar(Some(&bac_kan), 2025..=2026)
        .await
        .unwrap();
    let accepted = store
        .act_on_dossier(
            &a,
            &scope,
            dossiers[0].id,
            &Action::Accept,
            date(2025, 7, 2).at(8, 0, 0, 0),
            None,
            "",
            Some(&cal),
            None,
        )
        .await
        .unwrap();
    assert_eq!(
        (accepted.status, accepted.code.as_str()),
        (Status::Received, dossiers[0].code.as_str())
    );
    let step = Event {
        step: Step::Record,
        on: date(2025, 7, 3),
        deadline: None,
        document: "BB 12/BB-UBND".into(),
        note: String::new(),
    };
    store
        .add_violation_event(&a, &scope, cases[1].id, &step, date(2025, 7, 10), None)
        .await
        .unwrap();
    store
        .update_violation(
            &a,
            &scope,
            cases[1].id,
            t.group_b.id,
            &case("Hộ ông Nông Văn Tài"),
            date(2025, 7, 10),
        )
        .await
        .unwrap();
    // The groups went on as the new ward's: a new record made in one
    // belongs to the new ward; a ward that ended takes no new record.
    let v = store
        .create_violation(&a, &scope, t.group_b.id, &case("Hộ mới"), date(2025, 7, 10))
        .await
        .unwrap();
    assert_eq!((v.commune_id, v.group_id), (bac_kan.id, Some(t.group_b.id)));
    let refused = store
        .create_violation(&a, &scope, t.ward_b.id, &case("Hộ mới"), date(2025, 7, 10))
        .await
        .unwrap_err();
    assert!(
        matches!(&refused, StoreError::Invalid(e) if e.0[0].field == "unit_id" && e.0[0].message.contains("01/07/2025")),
        "{refused:?}"
    );
    let places = store.places(&scope, None).await.unwrap();
    let listed: Vec<&str> = places.iter().map(|u| u.name.as_str()).collect();
    assert_eq!(
        listed,
        ["Phường Bắc Kạn", "Tổ 5 (Sông Cầu)", "Tổ 5 (Phùng Chí Kiên)"]
    );

    // The ward's accounts moved to the new ward; a group's stayed with it.
    assert_eq!(
        store.user(&Scope::All, officer.id).await.unwrap().unit_id,
        Some(bac_kan.id)
    );
    let head = store.user(&Scope::All, head.id).await.unwrap();
    assert_eq!(head.unit_id, Some(t.group_b.id));
    let group_b = store.unit(&Scope::All, t.group_b.id).await.unwrap();
    assert_eq!(
        (
            group_b.code.as_str(),
            group_b.name.as_str(),
            group_b.valid_to
        ),
        ("5-SC", "Tổ 5 (Sông Cầu)", None)
    );

    // The trail shows the reorganisation to the new ward.
    let f = AuditFilter {
        entity: Some(Entity::Reorganisation),
        ..Default::default()
    };
    assert_eq!(audit_count(&store, &scope, &f).await, 1);
    let listed = store.reorganisations(&scope).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].plan.predecessors.len(), 2);

    // The neighbour reaches nothing of the new ward or its predecessors.
    let other = neighbour.scope();
    for id in [t.ward_a.id, t.group_b.id, bac_kan.id] {
        assert!(out_of_scope(store.unit(&other, id).await.unwrap_err()));
    }
    assert!(out_of_scope(
        store.violation(&other, cases[0].id).await.unwrap_err()
    ));
    assert!(out_of_scope(
        store.dossier(&other, dossiers[1].id).await.unwrap_err()
    ));
    assert_eq!(counts(&store, &other).await, (0, 0, 0));

    // A ward merged once cannot be merged again.
    let again = store
        .merge_units(
            &a,
            &Scope::All,
            &merge(&[&ward_a, &neighbour], &thai_nguyen),
        )
        .await
        .unwrap_err();
    assert!(matches!(again, StoreError::Invalid(_)), "{again:?}");
});

store_test!(
    a_split_sends_each_group_with_its_records_to_its_new_commune,
    |store| {
        let t = tree(&store).await;
        let a = system();
        let city = store
            .unit(&Scope::All, t.ward_a.parent_id.unwrap())
            .await
            .unwrap();
        let group_c = add_unit(&store, Some(&t.ward_a), "6", "Tổ 6", Kind::ToDanPho).await;
        for (unit, who) in [
            (&t.group_a, "Hộ tổ 5"),
            (&group_c, "Hộ tổ 6"),
            (&t.ward_a, "Hộ ở phường"),
        ] {
            store
                .create_violation(&a, &Scope::All, unit.id, &case(who), date(2025, 5, 10))
                .await
                .unwrap();
        }
        let total = |store: &Store, scope: Scope| {
            let store = store.clone();
            async move {
                store
                    .violation_counts(&scope, 2025)
                    .await
                    .unwrap()
                    .iter()
                    .map(|(_, n)| n)
                    .sum::<i64>()
            }
        };
        assert_eq!(total(&store, Scope::All).await, 3);
        // Tổ 5 goes to Sông Cầu, which has a Tổ 5 of its own; Tổ 6 and the
        // ward's own records go to a new commune.
        let mut input = xaphuong_core::reorganisations::SplitInput {
            basis: "1683/NQ-UBTVQH15".into(),
            basis_date: "2025-06-16".into(),
            effective_on: EFFECTIVE.to_string(),
            unit: t.ward_a.id,
            parts: vec![
                xaphuong_core::reorganisations::SplitPart {
                    successor: unit_input("01999", "Phường Mới", Kind::Phuong),
                    groups: vec![group_c.id],
                    ..Default::default()
                },
                xaphuong_core::reorganisations::SplitPart {
                    into: Some(t.ward_b.id),
                    groups: vec![],
                    ..Default::default()
                },
            ],
            ..Default::default()
        };
        // A group given to nobody: refused by name, nothing written.
        let err = store.split_unit(&a, &Scope::All, &input).await.unwrap_err();
        assert!(
            err.to_string()
                .contains("Còn 1 tổ dân phố, thôn chưa được chia"),
            "{err}"
        );
        assert_eq!(
            store.unit(&Scope::All, t.ward_a.id).await.unwrap().valid_to,
            None
        );
        input.parts[1].groups = vec![t.group_a.id];
        let plan = store.split_preview(&Scope::All, &input).await.unwrap();
        assert_eq!(plan.parts.len(), 2);
        assert_eq!(plan.parts[1].groups[0].name, "Tổ 5 (Phùng Chí Kiên)");
        assert_eq!(plan.parts[0].successor.id, None);
        let r = store.split_unit(&a, &Scope::All, &input).await.unwrap();
        assert_eq!(r.kind, xaphuong_core::reorganisations::Kind::Split);

        let new = store
            .unit_by_code(&Scope::All, "01999", None)
            .await
            .unwrap();
        assert_eq!(new.parent_id, Some(city.id));
        assert_eq!(new.valid_from.as_deref(), Some("2025-07-01"));
        let old = store.unit(&Scope::All, t.ward_a.id).await.unwrap();
        assert_eq!(old.valid_to.as_deref(), Some("2025-07-01"));
        assert!(old.path.starts_with(&new.path));
        let moved = store.unit(&Scope::All, t.group_a.id).await.unwrap();
        assert!(moved.path.starts_with(&t.ward_b.path), "{}", moved.path);
        assert_eq!(
            (moved.code.as_str(), moved.name.as_str()),
            ("5-PCK", "Tổ 5 (Phùng Chí Kiên)")
        );
        // Nothing lost, nothing counted twice: Sông Cầu has Tổ 5's case, the
        // new ward Tổ 6's and the old ward's own.
        assert_eq!(total(&store, t.ward_b.scope()).await, 1);
        assert_eq!(total(&store, new.scope()).await, 2);
        assert_eq!(total(&store, Scope::All).await, 3);
        let successors: Vec<String> = store
            .successors(&old)
            .await
            .unwrap()
            .into_iter()
            .map(|u| u.code)
            .collect();
        assert_eq!(successors.len(), 2);
        assert!(
            successors.contains(&"01999".to_owned()) && successors.contains(&"01837".to_owned())
        );
        assert_eq!(
            audit_actions(&store, Entity::Reorganisation, r.id).await,
            ["insert"]
        );
        // Ended, it is split no more.
        let again = store.split_unit(&a, &Scope::All, &input).await.unwrap_err();
        assert!(again.to_string().contains("không có hiệu lực"), "{again}");
    }
);
