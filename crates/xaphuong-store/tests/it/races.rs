//! Two officers acting on the same record at once: every state machine
//! lets exactly one change through, refuses the others as stale (or, if
//! they read after it, by its rules), and the stored state equals the
//! replay of the events kept.

use futures_util::future::join_all;
use jiff::civil::date;
use xaphuong_core::households::household::{HouseholdInput, MemberInput};
use xaphuong_core::households::poverty::ReviewInput;
use xaphuong_core::onestop::lifecycle::{Action, Channel};
use xaphuong_core::recruitment::{RecruitInput, Stage};
use xaphuong_core::violations::{CaseInput, Event, Kind, Step, replay};
use xaphuong_store::onestop::{ApplicantInput, Filing};
use xaphuong_store::{Result, Store, StoreError, store_test};

use crate::support::*;

/// How many clients race.
const CLIENTS: usize = 6;

/// Exactly one winner; each loser refused as stale or by the rules,
/// never by anything else.
fn one_wins<T: std::fmt::Debug>(results: Vec<Result<T>>) -> T {
    let mut winners = Vec::new();
    for r in results {
        match r {
            Ok(v) => winners.push(v),
            Err(StoreError::Stale | StoreError::Invalid(_)) => {}
            Err(e) => panic!("a loser failed otherwise: {e:?}"),
        }
    }
    assert_eq!(winners.len(), 1, "winners: {winners:?}");
    winners.pop().unwrap()
}

store_test!(a_violation_step_is_taken_once, |store| {
    let t = tree(&store).await;
    let a = system();
    let scope = t.ward_a.scope();
    let today = date(2021, 12, 31);
    let v = store
        .create_violation(
            &a,
            &scope,
            t.group_a.id,
            &CaseInput {
                kind: Kind::EscapeRoute.as_str().into(),
                offender: "Hộ ông Hoàng Văn Bảy".into(),
                address: "Ngõ 12".into(),
                description: "Mái tôn lấn lối thoát hiểm".into(),
                detected_on: "2021-03-01".into(),
            },
            today,
        )
        .await
        .unwrap();
    let record = Event {
        step: Step::Record,
        on: date(2021, 3, 2),
        deadline: None,
        document: "BB 12".into(),
        note: String::new(),
    };
    let results = join_all(
        (0..CLIENTS).map(|_| store.add_violation_event(&a, &scope, v.id, &record, today, None)),
    )
    .await;
    let won = one_wins(results);
    let events = store.violation_events(&scope, v.id).await.unwrap();
    assert_eq!(events.len(), 1, "{events:?}");
    let stored = store.violation(&scope, v.id).await.unwrap();
    let all: Vec<Event> = events.into_iter().map(|e| e.event).collect();
    assert_eq!(replay(&all).unwrap(), (stored.state, stored.deadline));
    assert_eq!(stored, won);
    // A step prepared on the page before it is refused as stale.
    let late = store
        .add_violation_event(
            &a,
            &scope,
            v.id,
            &Event {
                step: Step::Decision,
                on: date(2021, 3, 3),
                ..record.clone()
            },
            today,
            Some(v.updated_at),
        )
        .await;
    assert!(matches!(late, Err(StoreError::Stale)), "{late:?}");
});

store_test!(a_dossier_is_accepted_once, |store| {
    let t = tree(&store).await;
    let a = system();
    let scope = t.ward_a.scope();
    store.ensure_procedure_catalogue(&a).await.unwrap();
    let procedure = store.procedures(None).await.unwrap()[0].clone();
    let cal = store
        .work_calendar(Some(&t.ward_a), 2025..=2027)
        .await
        .unwrap();
    let at = date(2026, 3, 2).at(8, 0, 0, 0);
    let d = store
        .submit_dossier(
            &a,
            &scope,
            &Filing {
                commune_id: t.ward_a.id,
                procedure_id: procedure.id,
                channel: Channel::Online,
                return_channel: Channel::Counter,
                applicant: ApplicantInput {
                    applicant: "Nguyễn Văn An".into(),
                    address: "Tổ 5".into(),
                    phone: "0912345678".into(),
                    email: String::new(),
                },
                files: Vec::new(),
            },
            at,
            &Store::default_code_pattern(&t.ward_a),
            Some(&cal),
        )
        .await
        .unwrap();
    // Half accept, half refuse: the two cannot both happen.
    let refuse = Action::Refuse {
        reason: "Không thuộc thẩm quyền".into(),
    };
    let results = join_all((0..CLIENTS).map(|i| {
        let action = if i % 2 == 0 { &Action::Accept } else { &refuse };
        store.act_on_dossier(&a, &scope, d.id, action, at, None, "", Some(&cal), None)
    }))
    .await;
    let won = one_wins(results);
    let events = store.dossier_events(d.id).await.unwrap();
    assert_eq!(events.len(), 2, "{events:?}");
    let stored = store.dossier(&scope, d.id).await.unwrap();
    assert_eq!(stored, won);
    // The stored state is where the events lead.
    assert_eq!(events[1].from_status.as_deref(), Some(d.status.as_str()));
    assert_eq!(events[1].to_status, stored.status.as_str());
    assert_eq!(events[1].step, stored.step.as_str());
    // The dossier counts hold one dossier, not one per client.
    let (from, to) = (date(2026, 1, 1), date(2026, 12, 31));
    let stats = store
        .dossier_stats(&scope, from, to, &Default::default())
        .await
        .unwrap();
    let times = store
        .dossier_times(&scope, from, to, &Default::default())
        .await
        .unwrap();
    let (_, total) = xaphuong_core::onestop::stats::tally(&times, from, to);
    assert_eq!(stats.total, total);
});

store_test!(a_recruit_moves_once, |store| {
    let t = tree(&store).await;
    let a = system();
    let scope = t.ward_a.scope();
    let r = store
        .create_recruit(
            &a,
            &scope,
            t.group_a.id,
            2021,
            &RecruitInput {
                full_name: "Hoàng Văn Tùng".into(),
                birth_year: "2002".into(),
                address: "Tổ 5".into(),
                service: "military".into(),
            },
        )
        .await
        .unwrap();
    // Every client prepared its change on the page as it was.
    let seen = Some(r.updated_at);
    let results = join_all((0..CLIENTS).map(|i| {
        if i % 2 == 0 {
            store.move_recruit(&a, &scope, r.id, Stage::Examined, "", seen)
        } else {
            store.move_recruit(&a, &scope, r.id, Stage::Exempted, "Con liệt sĩ", seen)
        }
    }))
    .await;
    let won = one_wins(results);
    let stored = store.recruit(&scope, r.id).await.unwrap();
    assert_eq!(stored, won);
    // One change audited besides the creation.
    let trail = store
        .audit_entries(
            &scope,
            &xaphuong_store::audit::AuditFilter {
                entity_id: Some(r.id),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(trail.len(), 2, "{trail:?}");
});

store_test!(a_household_review_and_its_head_are_written_once, |store| {
    let t = tree(&store).await;
    let a = system();
    let scope = t.ward_a.scope();
    let head = |name: &str| MemberInput {
        full_name: name.into(),
        birth_year: "1970".into(),
        sex: "male".into(),
        ..Default::default()
    };
    let household = HouseholdInput {
        code: "H-1".into(),
        head_name: "Nguyễn Văn An".into(),
        address: "Tổ 5".into(),
        ..Default::default()
    };
    let h = store
        .create_household(
            &a,
            &scope,
            t.group_a.id,
            &household,
            &MemberInput {
                relation: "wife".into(),
                sex: "female".into(),
                ..head("Ma Thị Chi")
            },
            date(2020, 1, 1),
        )
        .await;
    // The first member may have to be the head: then the race is on the
    // reviews only.
    let h = match h {
        Ok(h) => h,
        Err(_) => store
            .create_household(
                &a,
                &scope,
                t.group_a.id,
                &household,
                &head("Nguyễn Văn An"),
                date(2020, 1, 1),
            )
            .await
            .unwrap(),
    };
    // Officers who opened the household's page at the same moment record
    // the same year's review with different incomes.
    let reviews: Vec<ReviewInput> = (0..CLIENTS)
        .map(|i| ReviewInput {
            year: "2022".into(),
            income: format!("{}", 1_500_000 + i * 100_000),
            deprivations: "1;2;3".into(),
            ..Default::default()
        })
        .collect();
    let results = join_all(
        reviews
            .iter()
            .map(|r| store.record_poverty_review(&a, &scope, h.id, r, Some(h.updated_at))),
    )
    .await;
    let won = one_wins(results);
    let stored = store.poverty_reviews(&scope, h.id).await.unwrap();
    assert_eq!(stored, [won]);
    // Two second members named head at once: at most one head in the end.
    let members_before = store.household_members(&scope, h.id).await.unwrap();
    let heads_before = members_before
        .iter()
        .filter(|m| m.relation == "head")
        .count();
    let candidates: Vec<MemberInput> = (0..CLIENTS)
        .map(|i| MemberInput {
            relation: "head".into(),
            ..head(&format!("Người thứ {i}"))
        })
        .collect();
    let results = join_all(
        candidates
            .iter()
            .map(|m| store.add_member(&a, &scope, h.id, m, date(2022, 1, 1))),
    )
    .await;
    let heads_after = store
        .household_members(&scope, h.id)
        .await
        .unwrap()
        .iter()
        .filter(|m| m.relation == "head")
        .count();
    assert!(heads_after <= 1, "{heads_after} heads");
    if heads_before == 0 {
        one_wins(results);
    } else {
        assert!(results.iter().all(Result::is_err));
    }
});
