//! The one-stop statistics kept as aggregates equal a recount from the
//! dossiers themselves after every kind of change.

use jiff::civil::{Date, DateTime, date};
use xaphuong_core::access::Scope;
use xaphuong_core::onestop::code::CodePattern;
use xaphuong_core::onestop::lifecycle::{Action, Channel};
use xaphuong_core::onestop::procedures::ProcessingTime;
use xaphuong_core::onestop::stats::tally;
use xaphuong_store::onestop::{ApplicantInput, Dossier, Filing, StatsFilter};
use xaphuong_store::units::Unit;
use xaphuong_store::{Store, store_test};

use crate::support::*;

/// Periods that cut through the dossiers' lives in every way: the whole
/// year, a month, a few days in the middle, a period before any dossier,
/// one across two years.
fn periods() -> Vec<(Date, Date)> {
    vec![
        (date(2026, 1, 1), date(2026, 12, 31)),
        (date(2026, 3, 1), date(2026, 3, 31)),
        (date(2026, 3, 10), date(2026, 3, 20)),
        (date(2026, 3, 24), date(2026, 4, 30)),
        (date(2026, 2, 1), date(2026, 2, 28)),
        (date(2025, 12, 1), date(2026, 3, 15)),
        (date(2026, 4, 1), date(2027, 1, 31)),
    ]
}

/// Biểu 06's received and pending cells counted by hand in SQL from the
/// dossiers' own columns: (online, at the counter or by post, carried
/// over, pending) of the period `from`–`to` in `scope`.
async fn counted_in_sql(store: &Store, scope: &Scope, from: Date, to: Date) -> [i64; 4] {
    let (lo, hi) = scope.path_range();
    let (start, end) = (format!("{from}"), format!("{to}T23:59:59"));
    let place = format!("unit_path >= '{lo}' AND unit_path < '{hi}'");
    let conditions = [
        format!("received_at >= '{start}' AND received_at <= '{end}' AND channel = 'online'"),
        format!("received_at >= '{start}' AND received_at <= '{end}' AND channel <> 'online'"),
        format!("received_at < '{start}' AND (finished_at IS NULL OR finished_at >= '{start}')"),
        format!("received_at <= '{end}' AND (finished_at IS NULL OR finished_at > '{end}')"),
    ];
    let mut counts = [0; 4];
    for (n, cond) in counts.iter_mut().zip(conditions) {
        *n = xaphuong_store::testing::scalar(
            store,
            &format!("SELECT COUNT(*) FROM dossiers WHERE {place} AND {cond}"),
        )
        .await
        .unwrap();
    }
    counts
}

/// Biểu 06 from the aggregates against the tally of the records, for each
/// period, scope and filter, and its received and pending cells against
/// a count in plain SQL.
async fn same_as_recount(store: &Store, scopes: &[Scope], step: &str) {
    let procedures = store.procedures(None).await.unwrap();
    let mut filters = vec![StatsFilter::default()];
    for p in procedures.iter().take(3) {
        filters.push(StatsFilter {
            field: Some(p.field.clone()),
            procedure: None,
        });
        filters.push(StatsFilter {
            field: None,
            procedure: Some(p.id),
        });
    }
    for scope in scopes {
        for (from, to) in periods() {
            let kept = store
                .dossier_stats(scope, from, to, &StatsFilter::default())
                .await
                .unwrap()
                .total;
            assert_eq!(
                [
                    kept.online,
                    kept.counter_or_post,
                    kept.carried_over,
                    kept.pending()
                ],
                counted_in_sql(store, scope, from, to).await,
                "after {step}: {scope:?} {from}–{to}, counted in SQL"
            );
            for f in &filters {
                let kept = store.dossier_stats(scope, from, to, f).await.unwrap();
                let times = store.dossier_times(scope, from, to, f).await.unwrap();
                let (rows, total) = tally(&times, from, to);
                let mut rows = rows;
                rows.sort_by(|a, b| a.field.cmp(&b.field));
                let ratings = store.rating_counts(scope, from, to, f).await.unwrap();
                assert_eq!(
                    (kept.rows, kept.total, (kept.rated, kept.dissatisfied)),
                    (rows, total, ratings),
                    "after {step}: {scope:?} {from}–{to} {f:?}"
                );
            }
        }
    }
}

struct Shop<'a> {
    store: &'a Store,
    ward: Unit,
    cal: xaphuong_core::calendar::working::WorkCalendar,
    pattern: CodePattern,
}

impl Shop<'_> {
    async fn file(&self, procedure: uuid::Uuid, channel: Channel, at: DateTime) -> Dossier {
        self.store
            .submit_dossier(
                &system(),
                &self.ward.scope(),
                &Filing {
                    commune_id: self.ward.id,
                    procedure_id: procedure,
                    channel,
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
                &self.pattern,
                Some(&self.cal),
            )
            .await
            .unwrap()
    }

    async fn act(&self, d: &Dossier, action: Action, at: DateTime) -> Dossier {
        self.store
            .act_on_dossier(
                &system(),
                &self.ward.scope(),
                d.id,
                &action,
                at,
                None,
                "",
                Some(&self.cal),
                None,
            )
            .await
            .unwrap_or_else(|e| panic!("{action:?} at {at}: {e}"))
    }
}

fn at(m: i8, d: i8, h: i8) -> DateTime {
    date(2026, m, d).at(h, 0, 0, 0)
}

fn later(t: DateTime, days: i64) -> DateTime {
    t.checked_add(jiff::Span::new().days(days)).unwrap()
}

store_test!(
    bieu_06_aggregates_equal_a_recount_after_every_change,
    |store| {
        let t = tree(&store).await;
        store.ensure_procedure_catalogue(&system()).await.unwrap();
        let procedures = store.procedures(None).await.unwrap();
        let long = procedures
            .iter()
            .find(|p| matches!(p.time, ProcessingTime::WorkingDays(k) if k >= 5))
            .expect("a procedure of five working days or more")
            .clone();
        let other = procedures
            .iter()
            .find(|p| p.field != long.field)
            .unwrap()
            .clone();
        let shop = Shop {
            store: &store,
            cal: store
                .work_calendar(Some(&t.ward_a), 2025..=2027)
                .await
                .unwrap(),
            pattern: Store::default_code_pattern(&t.ward_a),
            ward: t.ward_a.clone(),
        };
        let scopes = [Scope::All, t.ward_a.scope(), t.ward_b.scope()];
        let check = |step: &'static str| same_as_recount(&store, &scopes, step);

        // At the counter: received at once, handled, returned, rated.
        let d = shop.file(long.id, Channel::Counter, at(3, 2, 8)).await;
        check("a counter filing").await;
        let d = shop.act(&d, Action::Assign, at(3, 2, 9)).await;
        let d = shop.act(&d, Action::Submit, at(3, 3, 9)).await;
        let d = shop.act(&d, Action::Approve, at(3, 3, 15)).await;
        check("approval").await;
        let d = shop.act(&d, Action::ReturnResult, at(3, 4, 8)).await;
        check("return").await;
        store
            .rate_dossier(
                &d.code,
                "3 mức",
                "hai_long",
                "",
                xaphuong_core::calendar::vietnam_instant(at(3, 4, 9)),
            )
            .await
            .unwrap();
        check("a rating").await;

        // Online: accepted, a supplement once, finished late, rated badly.
        let d = shop.file(long.id, Channel::Online, at(3, 5, 8)).await;
        check("an online filing").await;
        let d = shop.act(&d, Action::Accept, at(3, 5, 10)).await;
        check("acceptance").await;
        let d = shop.act(&d, Action::Assign, at(3, 5, 11)).await;
        let d = shop
            .act(
                &d,
                Action::RequestSupplement {
                    reason: "Thiếu tờ khai".into(),
                },
                at(3, 6, 9),
            )
            .await;
        check("a supplement request").await;
        let d = shop.act(&d, Action::SupplementReceived, at(3, 10, 9)).await;
        check("the supplement").await;
        let d = shop.act(&d, Action::Submit, at(3, 11, 9)).await;
        let late = later(d.due_at.unwrap(), 2);
        let d = shop.act(&d, Action::Approve, late).await;
        let d = shop.act(&d, Action::ReturnResult, later(late, 1)).await;
        check("a late return").await;
        store
            .rate_dossier(
                &d.code,
                "3 mức",
                "khong_hai_long",
                "",
                xaphuong_core::calendar::vietnam_instant(later(late, 1)),
            )
            .await
            .unwrap();
        check("a bad rating").await;

        // By post, refused at intake: never received.
        let d = shop.file(other.id, Channel::Post, at(3, 9, 8)).await;
        shop.act(
            &d,
            Action::Refuse {
                reason: "Không thuộc thẩm quyền".into(),
            },
            at(3, 9, 14),
        )
        .await;
        check("a refusal").await;

        // The apology with a new date, kept.
        let d = shop.file(long.id, Channel::Counter, at(3, 11, 8)).await;
        let d = shop.act(&d, Action::Assign, at(3, 11, 9)).await;
        let due = d.due_at.unwrap();
        let d = shop
            .act(
                &d,
                Action::Apologise {
                    reason: "Chờ xác minh".into(),
                    new_due: later(due, 3),
                },
                later(due, -2),
            )
            .await;
        check("an apology").await;
        let d = shop.act(&d, Action::Submit, later(due, -1)).await;
        let d = shop.act(&d, Action::Approve, later(due, 1)).await;
        shop.act(&d, Action::ReturnResult, later(due, 2)).await;
        check("a return by the new date").await;

        // Withdrawn, stopped, transferred and back, financial duty.
        let d = shop.file(other.id, Channel::Counter, at(3, 12, 8)).await;
        shop.act(&d, Action::Withdraw, at(3, 13, 8)).await;
        check("a withdrawal").await;
        let d = shop.file(long.id, Channel::Counter, at(3, 16, 8)).await;
        let d = shop.act(&d, Action::Assign, at(3, 16, 9)).await;
        shop.act(
            &d,
            Action::Stop {
                reason: "Công dân không bổ sung".into(),
            },
            at(3, 17, 9),
        )
        .await;
        check("a stop").await;
        let d = shop.file(long.id, Channel::Counter, at(3, 18, 8)).await;
        let d = shop.act(&d, Action::Assign, at(3, 18, 9)).await;
        let d = shop
            .act(
                &d,
                Action::Transfer {
                    agency: "Chi cục Thuế".into(),
                },
                at(3, 18, 10),
            )
            .await;
        check("a transfer").await;
        let d = shop.act(&d, Action::TransferBack, at(3, 19, 10)).await;
        let d = shop.act(&d, Action::Submit, at(3, 19, 11)).await;
        let d = shop
            .act(
                &d,
                Action::SendBack {
                    reason: "Sửa nội dung".into(),
                },
                at(3, 19, 14),
            )
            .await;
        let d = shop.act(&d, Action::Submit, at(3, 20, 9)).await;
        let d = shop.act(&d, Action::Approve, at(3, 20, 14)).await;
        shop.act(&d, Action::ReturnResult, at(3, 23, 8)).await;
        check("a dossier sent back and forth").await;

        // Online, completed before acceptance, then left open past its date;
        // and an open one in the other ward.
        let d = shop.file(long.id, Channel::Online, at(3, 20, 8)).await;
        let d = shop
            .act(
                &d,
                Action::IntakeSupplement {
                    reason: "Thiếu ảnh".into(),
                },
                at(3, 20, 9),
            )
            .await;
        shop.act(&d, Action::Accept, at(3, 23, 9)).await;
        check("an open dossier").await;
        let other_ward = Shop {
            store: &store,
            cal: shop.cal.clone(),
            pattern: Store::default_code_pattern(&t.ward_b),
            ward: t.ward_b.clone(),
        };
        other_ward
            .file(other.id, Channel::Counter, at(3, 24, 8))
            .await;
        check("another ward's dossier").await;

        // The catalogue moves a procedure to another field.
        let mut input = long.input();
        input.field = other.field.clone();
        store
            .save_procedure(&system(), Some(long.id), &input)
            .await
            .unwrap();
        check("a procedure moved to another field").await;

        // A recount from scratch gives the same aggregates.
        let before: Vec<_> = {
            let mut out = Vec::new();
            for (from, to) in periods() {
                out.push(
                    store
                        .dossier_stats(&Scope::All, from, to, &StatsFilter::default())
                        .await
                        .unwrap(),
                );
            }
            out
        };
        store.rebuild_dossier_counts().await.unwrap();
        for ((from, to), b) in periods().into_iter().zip(before) {
            let after = store
                .dossier_stats(&Scope::All, from, to, &StatsFilter::default())
                .await
                .unwrap();
            assert_eq!(after, b, "{from}–{to}");
        }
        check("a rebuild").await;
    }
);

store_test!(a_dossier_goes_only_to_an_account_of_its_commune, |store| {
    let t = tree(&store).await;
    store.ensure_procedure_catalogue(&system()).await.unwrap();
    let procedure = store.procedures(None).await.unwrap()[0].id;
    let shop = Shop {
        store: &store,
        cal: store
            .work_calendar(Some(&t.ward_a), 2025..=2027)
            .await
            .unwrap(),
        pattern: Store::default_code_pattern(&t.ward_a),
        ward: t.ward_a.clone(),
    };
    let d = shop.file(procedure, Channel::Counter, at(3, 2, 8)).await;
    let ours = user(
        &store,
        Some(t.ward_a.id),
        "chuyenmon",
        xaphuong_core::users::Role::SpecialistOfficer,
    )
    .await;
    let theirs = user(
        &store,
        Some(t.ward_b.id),
        "chuyenmon.b",
        xaphuong_core::users::Role::SpecialistOfficer,
    )
    .await;
    let (actor, scope) = (system(), t.ward_a.scope());
    let assign = |to: uuid::Uuid| {
        store.act_on_dossier(
            &actor,
            &scope,
            d.id,
            &Action::Assign,
            at(3, 2, 9),
            Some(to),
            "",
            Some(&shop.cal),
            None,
        )
    };
    for stranger in [theirs.id, uuid::Uuid::now_v7()] {
        let err = assign(stranger).await.unwrap_err();
        assert!(
            matches!(&err, xaphuong_store::StoreError::Invalid(i) if i.0[0].field == "assignee_id"),
            "{err}"
        );
    }
    assert_eq!(
        store.dossier(&Scope::All, d.id).await.unwrap().assignee_id,
        None
    );
    let done = assign(ours.id).await.unwrap();
    assert_eq!(done.assignee_id, Some(ours.id));
    // A status the store does not know is an error, no longer "new".
    xaphuong_store::testing::execute(&store, "UPDATE dossiers SET status = 'da_xong_cu'")
        .await
        .unwrap();
    let err = store
        .dossier(&Scope::All, d.id)
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("status") && err.contains("da_xong_cu"),
        "{err}"
    );
});

store_test!(a_commune_takes_a_bounded_queue_of_online_filings, |store| {
    use xaphuong_core::onestop::applicant::PENDING_ONLINE_MAX;
    let t = tree(&store).await;
    store.ensure_procedure_catalogue(&system()).await.unwrap();
    let procedure = store.procedures(None).await.unwrap()[0].id;
    let shop = Shop {
        store: &store,
        cal: store
            .work_calendar(Some(&t.ward_a), 2025..=2027)
            .await
            .unwrap(),
        pattern: Store::default_code_pattern(&t.ward_a),
        ward: t.ward_a.clone(),
    };
    let mut first = None;
    for _ in 0..PENDING_ONLINE_MAX {
        let d = shop.file(procedure, Channel::Online, at(3, 2, 8)).await;
        first.get_or_insert(d);
    }
    let filing = |channel| Filing {
        commune_id: t.ward_a.id,
        procedure_id: procedure,
        channel,
        return_channel: Channel::Counter,
        applicant: ApplicantInput {
            applicant: "Nguyễn Văn An".into(),
            ..Default::default()
        },
        files: Vec::new(),
    };
    let more = store
        .submit_dossier(
            &system(),
            &t.ward_a.scope(),
            &filing(Channel::Online),
            at(3, 2, 9),
            &shop.pattern,
            Some(&shop.cal),
        )
        .await;
    match more {
        Err(xaphuong_store::StoreError::Invalid(e)) => {
            assert!(e.0[0].message.contains("chờ tiếp nhận"), "{e:?}")
        }
        other => panic!("{other:?}"),
    }
    // The counter is not limited; accepting one frees a place online.
    store
        .submit_dossier(
            &system(),
            &t.ward_a.scope(),
            &filing(Channel::Counter),
            at(3, 2, 9),
            &shop.pattern,
            Some(&shop.cal),
        )
        .await
        .unwrap();
    shop.act(&first.unwrap(), Action::Accept, at(3, 2, 10))
        .await;
    shop.file(procedure, Channel::Online, at(3, 2, 11)).await;
    // Another commune has its own queue.
    let other = store
        .submit_dossier(
            &system(),
            &t.ward_b.scope(),
            &Filing {
                commune_id: t.ward_b.id,
                ..filing(Channel::Online)
            },
            at(3, 2, 9),
            &Store::default_code_pattern(&t.ward_b),
            None,
        )
        .await;
    assert!(other.is_ok(), "{other:?}");
});
