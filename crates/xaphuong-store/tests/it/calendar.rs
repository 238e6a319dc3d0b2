use jiff::civil::Date;
use xaphuong_core::access::Scope;
use xaphuong_core::audit::Entity;
use xaphuong_core::calendar::days_off::{DayKind, DayOff, WeeklyRest, builtin};
use xaphuong_core::calendar::settings::{CalendarSettings, SettingsText};
use xaphuong_store::audit::AuditFilter;
use xaphuong_store::calendar::Source;
use xaphuong_store::{StoreError, store_test};

use crate::support::*;

fn day(date: &str, kind: DayKind, name: &str) -> DayOff {
    DayOff {
        date: date.parse().unwrap(),
        kind,
        name: name.into(),
        document: "QĐ 12/QĐ-UBND".into(),
        confirmed: true,
    }
}

store_test!(built_in_until_the_deployment_edits_a_year, |store| {
    let t = tree(&store).await;
    let effective = store.calendar_days(None, 2026..=2026).await.unwrap();
    let expected = builtin(2026, &WeeklyRest::default());
    assert_eq!(
        effective.iter().map(|d| d.day.clone()).collect::<Vec<_>>(),
        expected
    );
    assert!(effective.iter().all(|d| d.source == Source::Builtin));
    assert!(!store.calendar_year_adopted(2026).await.unwrap());

    // A deployment administrator adds a day: the year is taken over whole.
    let extra = day("2026-12-31", DayKind::Swapped, "Nghỉ hoán đổi cuối năm");
    store
        .put_calendar_day(&system(), &Scope::All, None, &extra)
        .await
        .unwrap();
    assert!(store.calendar_year_adopted(2026).await.unwrap());
    let own = store.own_calendar_days(None, 2026).await.unwrap();
    assert_eq!(own.len(), expected.len() + 1);
    let effective = store.calendar_days(None, 2026..=2026).await.unwrap();
    assert!(effective.iter().all(|d| d.source == Source::Deployment));
    assert!(effective.iter().any(|d| d.day == extra));
    // Correcting a day and removing one.
    let fixed = day("2026-12-31", DayKind::Holiday, "Nghỉ cuối năm");
    store
        .put_calendar_day(&system(), &Scope::All, None, &fixed)
        .await
        .unwrap();
    store
        .delete_calendar_day(&system(), &Scope::All, None, Date::constant(2026, 11, 24))
        .await
        .unwrap();
    let effective = store.calendar_days(None, 2026..=2026).await.unwrap();
    assert!(effective.iter().any(|d| d.day == fixed));
    assert!(
        !effective
            .iter()
            .any(|d| d.day.date == Date::constant(2026, 11, 24))
    );
    let history = store
        .audit_entries(
            &Scope::All,
            &AuditFilter {
                entity: Some(Entity::CalendarDay),
                limit: Some(1000),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let count = |a: &str| history.iter().filter(|e| e.action == a).count();
    assert_eq!(
        (count("insert"), count("update"), count("delete")),
        (expected.len() + 1, 1, 1)
    );
    // Other years still come from the built-in schedules.
    assert!(
        store
            .calendar_days(None, 2025..=2025)
            .await
            .unwrap()
            .iter()
            .all(|d| d.source == Source::Builtin)
    );
    // A ward cannot edit the deployment's schedule, nor another ward's.
    let err = store
        .put_calendar_day(&system(), &t.ward_a.scope(), None, &extra)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Forbidden(_)));
    let err = store
        .put_calendar_day(&system(), &t.ward_a.scope(), Some(t.ward_b.id), &extra)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound(_)));
    assert!(matches!(
        store
            .delete_calendar_day(&system(), &Scope::All, None, Date::constant(2026, 6, 15))
            .await,
        Err(StoreError::NotFound(_))
    ));
});

store_test!(unit_overrides_reach_the_units_below_only, |store| {
    let t = tree(&store).await;
    let festival = day("2026-03-05", DayKind::Holiday, "Lễ hội Lồng tồng");
    store
        .put_calendar_day(&system(), &t.ward_a.scope(), Some(t.ward_a.id), &festival)
        .await
        .unwrap();
    // The group works on the festival day.
    let open = day("2026-03-05", DayKind::MakeupWorkday, "Tổ trực");
    store
        .put_calendar_day(&system(), &t.ward_a.scope(), Some(t.group_a.id), &open)
        .await
        .unwrap();
    let find = |days: &[xaphuong_store::calendar::EffectiveDay]| {
        days.iter()
            .find(|d| d.day.date == Date::constant(2026, 3, 5))
            .cloned()
    };
    let ward_a = store
        .calendar_days(Some(&t.ward_a), 2026..=2026)
        .await
        .unwrap();
    assert_eq!(
        find(&ward_a).map(|d| (d.day.kind, d.source)),
        Some((DayKind::Holiday, Source::Unit(t.ward_a.id)))
    );
    let group_a = store
        .calendar_days(Some(&t.group_a), 2026..=2026)
        .await
        .unwrap();
    assert_eq!(
        find(&group_a).map(|d| (d.day.kind, d.source)),
        Some((DayKind::MakeupWorkday, Source::Unit(t.group_a.id)))
    );
    let ward_b = store
        .calendar_days(Some(&t.ward_b), 2026..=2026)
        .await
        .unwrap();
    assert_eq!(find(&ward_b), None);
    // The rest of the year still comes from above.
    assert!(
        ward_a
            .iter()
            .any(|d| d.day.date == Date::constant(2026, 2, 17) && d.source == Source::Builtin)
    );
    assert!(
        !store.calendar_year_adopted(2026).await.unwrap(),
        "a unit's override does not adopt the year"
    );
    assert_eq!(
        store
            .own_calendar_days(Some(t.ward_a.id), 2026)
            .await
            .unwrap()
            .len(),
        1
    );
    // The ward's history shows its override; ward B sees nothing of it.
    let f = audit_of(Entity::CalendarDay, None);
    assert_eq!(audit_count(&store, &t.ward_a.scope(), &f).await, 2);
    assert_eq!(audit_count(&store, &t.ward_b.scope(), &f).await, 0);
    // A unit with its own calendar entries is not deleted silently.
    assert!(matches!(
        store
            .delete_unit(&system(), &Scope::All, t.group_a.id)
            .await,
        Err(StoreError::Conflict(_))
    ));
});

store_test!(settings_are_inherited_and_checked, |store| {
    let t = tree(&store).await;
    assert_eq!(
        store.calendar_settings(Some(&t.group_a)).await.unwrap(),
        CalendarSettings::default()
    );
    let text = SettingsText {
        rest_days: "7".into(),
        office_hours: "07:30-11:30,13:30-17:30".into(),
        makeup_counts: false,
        same_day_cutoff: "15:30".into(),
    };
    store
        .set_calendar_settings(&system(), &t.ward_a.scope(), Some(t.ward_a.id), &text)
        .await
        .unwrap();
    let group = store.calendar_settings(Some(&t.group_a)).await.unwrap();
    assert_eq!(group.to_text(), text);
    assert_eq!(
        store.calendar_settings(Some(&t.ward_b)).await.unwrap(),
        CalendarSettings::default()
    );
    // The deployment's defaults apply where no unit has its own.
    let deployment = SettingsText {
        makeup_counts: false,
        ..CalendarSettings::default().to_text()
    };
    store
        .set_calendar_settings(&system(), &Scope::All, None, &deployment)
        .await
        .unwrap();
    assert!(
        !store
            .calendar_settings(Some(&t.ward_b))
            .await
            .unwrap()
            .makeup_counts
    );
    assert_eq!(
        store
            .calendar_settings(Some(&t.group_a))
            .await
            .unwrap()
            .to_text(),
        text
    );
    let bad = SettingsText {
        office_hours: "7h-11h".into(),
        ..text.clone()
    };
    let err = store
        .set_calendar_settings(&system(), &Scope::All, None, &bad)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(ref e) if e.message_for("office_hours").is_some()));
    assert!(
        store
            .set_calendar_settings(&system(), &t.ward_a.scope(), None, &text)
            .await
            .is_err()
    );
    let f = AuditFilter {
        entity: Some(Entity::CalendarSettings),
        ..Default::default()
    };
    let entries = store.audit_entries(&Scope::All, &f).await.unwrap();
    assert_eq!(entries.len(), 2);
    assert!(
        entries
            .iter()
            .any(|e| e.after_json.as_deref().unwrap().contains("07:30-11:30"))
    );
});
