//! Citizens' reports in the store: routed by category with a deadline on
//! the commune's working calendar (its own days off included), steps on
//! the version read, duplicates merged into the report they repeat, the
//! overdue list, the counts by category, the contact kept out of every
//! list and the audit trail.

use jiff::civil::{DateTime, date};
use xaphuong_core::access::Scope;
use xaphuong_core::audit::{Actor, Entity};
use xaphuong_core::calendar::days_off::{DayKind, DayOff};
use xaphuong_core::problems::{
    Category, ReportInput, Status, StepInput, validate_report, validate_step,
};
use xaphuong_core::users::Role;
use xaphuong_store::audit::AuditFilter;
use xaphuong_store::problems::{NewProblem, ProblemFilter, PublicFilter, RouteInput};
use xaphuong_store::{StoreError, store_test};

use crate::support::*;

fn report(description: &str, name: &str) -> xaphuong_core::problems::ValidReport {
    validate_report(&ReportInput {
        category: "sidewalk".into(),
        description: description.into(),
        address: "Đường Trường Chinh".into(),
        name: name.into(),
        phone: "0912000111".into(),
        ..Default::default()
    })
    .unwrap()
}

fn step(action: &str, note: &str) -> xaphuong_core::problems::Step {
    validate_step(&StepInput {
        action: action.into(),
        note: note.into(),
        ..Default::default()
    })
    .unwrap()
}

store_test!(
    reports_are_routed_due_on_the_working_calendar_and_merged,
    |store| {
        let t = tree(&store).await;
        let officer = user(&store, Some(t.ward_a.id), "trattu", Role::SpecialistOfficer).await;
        let actor = Actor::user(officer.id, "trattu");
        let scope = t.ward_a.scope();
        // Ward A sends sidewalk reports to its officer within 3 working days,
        // and takes Monday 9 March off; ward B keeps the default (3 days too).
        store
            .set_problem_route(
                &system(),
                &Scope::All,
                t.ward_a.id,
                Category::Sidewalk,
                &RouteInput {
                    field: "Trật tự đô thị".into(),
                    officer_id: officer.id.to_string(),
                    working_days: "3".into(),
                    basis: "QĐ 05/QĐ-UBND".into(),
                    version: 0,
                },
            )
            .await
            .unwrap();
        // The same setting read twice: the second write is on an old version.
        let again = store
            .set_problem_route(
                &system(),
                &Scope::All,
                t.ward_a.id,
                Category::Sidewalk,
                &RouteInput {
                    field: "Trật tự đô thị".into(),
                    working_days: "0".into(),
                    basis: "QĐ 05/QĐ-UBND".into(),
                    version: 0,
                    ..Default::default()
                },
            )
            .await
            .unwrap_err();
        assert!(matches!(again, StoreError::Stale), "{again:?}");
        store
            .put_calendar_day(
                &system(),
                &Scope::All,
                Some(t.ward_a.id),
                &DayOff {
                    date: date(2026, 3, 9),
                    kind: DayKind::Holiday,
                    name: "Nghỉ bù của phường".into(),
                    document: "QĐ 12/QĐ-UBND".into(),
                    confirmed: true,
                },
            )
            .await
            .unwrap();
        let citizen = Actor::system("người dân phản ánh");
        // Friday 6 March 2026, 16:00.
        let at: DateTime = date(2026, 3, 6).at(16, 0, 0, 0);
        let file = |commune, description: &'static str, name: &'static str| {
            let store = store.clone();
            let citizen = citizen.clone();
            async move {
                let r = report(description, name);
                store
                    .file_problem(
                        &citizen,
                        NewProblem {
                            commune_id: commune,
                            report: &r,
                            photos: &[],
                            channel: "web",
                            client_id: None,
                        },
                        at,
                    )
                    .await
                    .unwrap()
            }
        };
        let a = file(t.ward_a.id, "Bàn ghế quán nước lấn vỉa hè", "Lã Văn Một").await;
        let b = file(t.ward_b.id, "Hàng hoa lấn vỉa hè", "Lã Văn Hai").await;
        assert_eq!(a.status, Status::Assigned);
        assert_eq!(a.officer_id, Some(officer.id));
        assert_eq!(b.status, Status::Received);
        assert_eq!(b.officer_id, None);
        // Monday off in ward A only: its deadline is one working day later.
        let cal_a = store
            .work_calendar(Some(&t.ward_a), 2026..=2027)
            .await
            .unwrap();
        assert_eq!(a.due_at, cal_a.add_working_days(at, 3).unwrap());
        assert_eq!(a.due_at.date(), b.due_at.date() + jiff::Span::new().days(1));
        assert!(a.due_at.date() >= date(2026, 3, 12), "{}", a.due_at);

        // The contact: only where asked for, never in a list or the trail.
        assert!(
            store
                .problem(&scope, a.id, false)
                .await
                .unwrap()
                .contact
                .is_none()
        );
        let whole = store.problem(&scope, a.id, true).await.unwrap();
        assert_eq!(whole.contact.unwrap().name, "Lã Văn Một");
        let list = store
            .problems(&scope, &ProblemFilter::default())
            .await
            .unwrap();
        assert_eq!(list.total, 1, "ward B's report is out of ward A's reach");
        assert!(list.items.iter().all(|p| p.contact.is_none()));
        assert!(store.problem(&scope, b.id, true).await.is_err());

        // Overdue: after the deadline, not before.
        let overdue = |at: DateTime| {
            let store = store.clone();
            let scope = scope.clone();
            async move {
                store
                    .problems(
                        &scope,
                        &ProblemFilter {
                            overdue_at: Some(at),
                            ..Default::default()
                        },
                    )
                    .await
                    .unwrap()
                    .total
            }
        };
        assert_eq!(overdue(a.due_at).await, 0);
        assert_eq!(
            overdue(a.due_at + jiff::SignedDuration::from_hours(1)).await,
            1
        );

        // A second report of the same place, merged into the first; never into
        // another commune's or itself.
        let dup = file(t.ward_a.id, "Vỉa hè trước quán nước bị chiếm", "Lã Văn Ba").await;
        let merge = |code: &str| {
            validate_step(&StepInput {
                action: "reject".into(),
                note: "Trùng phản ánh đã nhận".into(),
                rejection: "duplicate".into(),
                duplicate_of: code.into(),
                ..Default::default()
            })
            .unwrap()
        };
        for wrong in [&b.code, &dup.code] {
            let e = store
                .problem_step(&actor, &scope, dup.id, dup.updated_at, &merge(wrong), at)
                .await
                .unwrap_err();
            assert!(e.to_string().contains("Không có phản ánh khác"), "{e}");
        }
        let merged = store
            .problem_step(&actor, &scope, dup.id, dup.updated_at, &merge(&a.code), at)
            .await
            .unwrap();
        assert_eq!(merged.status, Status::Rejected);
        assert_eq!(merged.duplicate_of, a.code);
        let public = store
            .public_problems(&PublicFilter {
                commune_id: Some(t.ward_a.id),
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(
            public
                .items
                .iter()
                .map(|p| p.code.as_str())
                .collect::<Vec<_>>(),
            [a.code.as_str()],
            "a merged report leaves the public list"
        );

        // Steps on the version read: an old version is a conflict.
        let started = store
            .problem_step(&actor, &scope, a.id, a.updated_at, &step("start", ""), at)
            .await
            .unwrap();
        let stale = store
            .problem_step(
                &actor,
                &scope,
                a.id,
                a.updated_at,
                &step("answer", "Đã xử lý"),
                at,
            )
            .await
            .unwrap_err();
        assert!(matches!(stale, StoreError::Stale), "{stale:?}");
        // Answered on Wednesday, before the deadline: on time.
        let answered_at = date(2026, 3, 11).at(10, 0, 0, 0);
        let answered = store
            .problem_step(
                &actor,
                &scope,
                a.id,
                started.updated_at,
                &step("answer", "Đã nhắc nhở, quán đã dọn bàn ghế"),
                answered_at,
            )
            .await
            .unwrap();
        assert_eq!(answered.on_time(), Some(true));
        let counts = store
            .problem_counts(&scope, 2026, date(2026, 4, 1).at(0, 0, 0, 0))
            .await
            .unwrap();
        // Two received (one merged): both finished, both by their deadline.
        assert_eq!(counts.by_category, [(Category::Sidewalk, 2, 2, 2, 0)]);
        assert_eq!(counts.by_month, [(3, 2)]);

        // The trail: every change, never the reporter.
        let trail = store
            .audit_entries(
                &Scope::All,
                &AuditFilter {
                    entity: Some(Entity::Problem),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(trail.len(), 3 + 1 + 2, "three filed, one merged, two steps");
        for e in &trail {
            let text = format!("{:?}{:?}", e.before_json, e.after_json);
            assert!(
                !text.contains("Lã Văn") && !text.contains("0912000111"),
                "{text}"
            );
        }
    }
);
