//! One-stop dossiers: filed and read back with their timeline and papers,
//! changed only on the version the officer saw, kept to their ward, listed
//! by filter and page, rated once.

use jiff::civil::{DateTime, date};
use uuid::Uuid;
use xaphuong_core::access::Scope;
use xaphuong_core::calendar::working::WorkCalendar;
use xaphuong_core::onestop::code::CodePattern;
use xaphuong_core::onestop::lifecycle::{Action, Channel, Status, Step};
use xaphuong_store::onestop::{ApplicantInput, Dossier, DossierFilter, Filing, StatsFilter};
use xaphuong_store::units::Unit;
use xaphuong_store::{Count, Store, StoreError, store_test};

use crate::support::*;

/// The smallest paper the attachment check takes for a PDF.
const PDF: &[u8] = b"%PDF-1.4\n%xaphuong\n";

/// A ward's one-stop desk: its calendar and code pattern read once.
struct Desk<'a> {
    store: &'a Store,
    ward: Unit,
    cal: WorkCalendar,
    pattern: CodePattern,
}

async fn desk<'a>(store: &'a Store, ward: &Unit) -> Desk<'a> {
    Desk {
        store,
        ward: ward.clone(),
        cal: store.work_calendar(Some(ward), 2025..=2027).await.unwrap(),
        pattern: Store::default_code_pattern(ward),
    }
}

impl Desk<'_> {
    fn filing(&self, procedure: Uuid, channel: Channel, applicant: &str) -> Filing {
        Filing {
            commune_id: self.ward.id,
            procedure_id: procedure,
            channel,
            return_channel: Channel::Counter,
            applicant: ApplicantInput {
                applicant: applicant.into(),
                address: "Tổ 5".into(),
                phone: "0912345678".into(),
                email: String::new(),
            },
            files: Vec::new(),
        }
    }

    async fn submit(&self, filing: &Filing, at: DateTime) -> Result<Dossier, StoreError> {
        self.store
            .submit_dossier(
                &system(),
                &self.ward.scope(),
                filing,
                at,
                &self.pattern,
                Some(&self.cal),
            )
            .await
    }

    async fn file(
        &self,
        procedure: Uuid,
        channel: Channel,
        applicant: &str,
        at: DateTime,
    ) -> Dossier {
        self.submit(&self.filing(procedure, channel, applicant), at)
            .await
            .unwrap()
    }

    async fn act(
        &self,
        scope: &Scope,
        d: &Dossier,
        action: Action,
        at: DateTime,
        seen: Option<i64>,
    ) -> Result<Dossier, StoreError> {
        self.store
            .act_on_dossier(
                &system(),
                scope,
                d.id,
                &action,
                at,
                None,
                "",
                Some(&self.cal),
                seen,
            )
            .await
    }
}

fn at(day: i8, hour: i8) -> DateTime {
    date(2026, 3, day).at(hour, 0, 0, 0)
}

async fn first_procedure(store: &Store) -> Uuid {
    store.ensure_procedure_catalogue(&system()).await.unwrap();
    store.procedures(None).await.unwrap()[0].id
}

/// The field a refusal names first.
fn refused_field(e: StoreError) -> String {
    match e {
        StoreError::Invalid(i) => i.0[0].field.clone(),
        other => panic!("refused for another reason: {other:?}"),
    }
}

store_test!(
    a_filed_dossier_reads_back_with_its_timeline_and_papers,
    |store| {
        let t = tree(&store).await;
        let procedure = first_procedure(&store).await;
        let desk = desk(&store, &t.ward_a).await;
        let scope = t.ward_a.scope();

        // At the counter, with a paper: received at once, its clock started.
        let mut filing = desk.filing(procedure, Channel::Counter, "Hoàng Thị Lan");
        filing.files = vec![("Đơn đề nghị.pdf".into(), PDF.to_vec())];
        let d = desk.submit(&filing, at(2, 8)).await.unwrap();
        assert_eq!(d.code, desk.pattern.format(date(2026, 3, 2), 1));
        assert_eq!((d.status, d.step), (Status::Received, Step::Receive));
        assert_eq!(d.received_at, Some(at(2, 8)));
        assert!(d.due_at.is_some_and(|due| due > at(2, 8)), "{d:?}");
        assert_eq!(d.applicant, "Hoàng Thị Lan");

        // Read back whole, by id in its ward and by code (as typed) in public.
        assert_eq!(store.dossier(&scope, d.id).await.unwrap(), d);
        assert_eq!(
            store
                .dossier_by_code(&format!("  {} ", d.code))
                .await
                .unwrap(),
            d
        );
        let events = store.dossier_events(d.id).await.unwrap();
        assert_eq!(
            events
                .iter()
                .map(|e| (e.action.as_str(), e.to_status.as_str()))
                .collect::<Vec<_>>(),
            [("file", "new"), ("accept", "received")]
        );

        // The paper, without and with its bytes.
        let files = store.dossier_files(&scope, d.id).await.unwrap();
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].file_name, "Đơn đề nghị.pdf");
        assert_eq!(files[0].content_type, "application/pdf");
        assert_eq!(files[0].size, PDF.len() as i64);
        let (meta, bytes) = store.dossier_file(&scope, d.id, files[0].id).await.unwrap();
        assert_eq!((meta.id, bytes.as_slice()), (files[0].id, PDF));
        assert!(matches!(
            store.dossier_file(&scope, d.id, Uuid::now_v7()).await,
            Err(StoreError::NotFound(_))
        ));

        // Online: waits for acceptance, the next number of the day.
        let online = desk
            .file(procedure, Channel::Online, "Lý Văn Minh", at(2, 9))
            .await;
        assert_eq!(online.code, desk.pattern.format(date(2026, 3, 2), 2));
        assert_eq!(online.status, Status::New);
        assert_eq!((online.received_at, online.due_at), (None, None));
        assert_eq!(store.dossier_events(online.id).await.unwrap().len(), 1);

        // A paper that is neither a picture nor a PDF: nothing is filed.
        let mut bad = desk.filing(procedure, Channel::Online, "Lý Văn Minh");
        bad.files = vec![("ghi-chu.txt".into(), b"hello".to_vec())];
        let err = desk.submit(&bad, at(2, 10)).await.unwrap_err();
        assert_eq!(refused_field(err), "files");
        let all = store
            .dossiers(&scope, &DossierFilter::default())
            .await
            .unwrap();
        assert_eq!(all.count, Count::Exact(2));
    }
);

store_test!(
    a_step_on_an_old_version_is_refused_and_changes_nothing,
    |store| {
        let t = tree(&store).await;
        let procedure = first_procedure(&store).await;
        let desk = desk(&store, &t.ward_a).await;
        let scope = t.ward_a.scope();
        let new = desk
            .file(procedure, Channel::Online, "Nguyễn Văn An", at(2, 8))
            .await;

        let accepted = desk
            .act(&scope, &new, Action::Accept, at(2, 9), Some(new.updated_at))
            .await
            .unwrap();
        assert_eq!(accepted.status, Status::Received);
        assert!(accepted.updated_at > new.updated_at);

        // A page still showing the dossier as filed.
        let late = desk
            .act(
                &scope,
                &new,
                Action::Assign,
                at(2, 10),
                Some(new.updated_at),
            )
            .await;
        assert!(matches!(late, Err(StoreError::Stale)), "{late:?}");
        // A step the rules refuse now: returning a result never made.
        let early = desk
            .act(
                &scope,
                &accepted,
                Action::ReturnResult,
                at(2, 10),
                Some(accepted.updated_at),
            )
            .await
            .unwrap_err();
        assert_eq!(refused_field(early), "action");
        assert_eq!(store.dossier(&scope, new.id).await.unwrap(), accepted);
        assert_eq!(store.dossier_events(new.id).await.unwrap().len(), 2);

        // On the version it shows, the step is taken.
        let assigned = desk
            .act(
                &scope,
                &accepted,
                Action::Assign,
                at(2, 10),
                Some(accepted.updated_at),
            )
            .await
            .unwrap();
        assert_eq!(assigned.step, Step::Specialist);
        assert_eq!(store.dossier(&scope, new.id).await.unwrap(), assigned);
        assert_eq!(store.dossier_events(new.id).await.unwrap().len(), 3);
    }
);

store_test!(a_dossier_of_another_ward_is_not_found, |store| {
    let t = tree(&store).await;
    let procedure = first_procedure(&store).await;
    let desk = desk(&store, &t.ward_a).await;
    let mut filing = desk.filing(procedure, Channel::Counter, "Nguyễn Văn An");
    filing.files = vec![("don.pdf".into(), PDF.to_vec())];
    let d = desk.submit(&filing, at(2, 8)).await.unwrap();
    let file = store.dossier_files(&t.ward_a.scope(), d.id).await.unwrap()[0].id;

    let other = t.ward_b.scope();
    assert!(matches!(
        store.dossier(&other, d.id).await,
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store.dossier_files(&other, d.id).await,
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store.dossier_file(&other, d.id, file).await,
        Err(StoreError::NotFound(_))
    ));
    let acted = desk.act(&other, &d, Action::Assign, at(2, 9), None).await;
    assert!(matches!(acted, Err(StoreError::NotFound(_))), "{acted:?}");
    assert_eq!(store.dossier(&Scope::All, d.id).await.unwrap(), d);
    let theirs = store
        .dossiers(&other, &DossierFilter::default())
        .await
        .unwrap();
    assert!(theirs.items.is_empty());
    assert_eq!(theirs.count, Count::Exact(0));
    // The province above both sees it.
    let province = store
        .dossiers(&t.province.scope(), &DossierFilter::default())
        .await
        .unwrap();
    assert_eq!(
        province.items.iter().map(|x| x.id).collect::<Vec<_>>(),
        [d.id]
    );

    // Filing into a ward out of reach, or into a group, is refused.
    let err = store
        .submit_dossier(
            &system(),
            &other,
            &desk.filing(procedure, Channel::Counter, "Trần Văn Bình"),
            at(2, 9),
            &desk.pattern,
            None,
        )
        .await
        .unwrap_err();
    assert!(out_of_scope(err));
    let in_group = Filing {
        commune_id: t.group_a.id,
        ..desk.filing(procedure, Channel::Counter, "Trần Văn Bình")
    };
    let err = desk.submit(&in_group, at(2, 9)).await.unwrap_err();
    assert_eq!(refused_field(err), "unit_id");
});

store_test!(lists_filter_search_and_page_by_key, |store| {
    let t = tree(&store).await;
    store.ensure_procedure_catalogue(&system()).await.unwrap();
    let procedures = store.procedures(None).await.unwrap();
    let (p1, p2) = (procedures[0].id, procedures[1].id);
    let desk = desk(&store, &t.ward_a).await;
    let scope = t.ward_a.scope();
    let filed = [
        (p1, Channel::Counter, "Nguyễn Văn An", 2),
        (p1, Channel::Counter, "Trần Thị Bình", 3),
        (p2, Channel::Counter, "Lê Văn Cường", 4),
        (p2, Channel::Online, "Phạm Thị Dung", 5),
        (p1, Channel::Online, "Hoàng Văn Em", 6),
    ];
    let mut dossiers = Vec::new();
    for (p, channel, name, day) in filed {
        dossiers.push(desk.file(p, channel, name, at(day, 8)).await);
    }
    // The same name in the other ward.
    desk_of_b(&store, &t, p1).await;

    let names = |f: DossierFilter, scope: Scope| {
        let store = &store;
        async move {
            let page = store.dossiers(&scope, &f).await.unwrap();
            let mut names: Vec<String> = page.items.iter().map(|d| d.applicant.clone()).collect();
            names.sort();
            assert_eq!(page.count, Count::Exact(names.len() as i64));
            names
        }
    };
    assert_eq!(
        names(
            DossierFilter {
                status: Some(Status::New),
                ..Default::default()
            },
            scope.clone()
        )
        .await,
        ["Hoàng Văn Em", "Phạm Thị Dung"]
    );
    assert_eq!(
        names(
            DossierFilter {
                procedure_id: Some(p2),
                ..Default::default()
            },
            scope.clone()
        )
        .await,
        ["Lê Văn Cường", "Phạm Thị Dung"]
    );
    // Only received dossiers have a due date.
    assert_eq!(
        names(
            DossierFilter {
                due_by: Some(date(2027, 12, 31).at(0, 0, 0, 0)),
                ..Default::default()
            },
            scope.clone()
        )
        .await,
        ["Lê Văn Cường", "Nguyễn Văn An", "Trần Thị Bình"]
    );
    // Without diacritics, in the ward only or in both.
    let an = |scope| {
        names(
            DossierFilter {
                q: Some("nguyen van an".into()),
                ..Default::default()
            },
            scope,
        )
    };
    assert_eq!(an(scope.clone()).await, ["Nguyễn Văn An"]);
    assert_eq!(an(Scope::All).await, ["Nguyễn Văn An", "Nguyễn Văn An"]);
    // A full code finds its dossier alone.
    let by_code = store
        .dossiers(
            &scope,
            &DossierFilter {
                q: Some(dossiers[1].code.clone()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        by_code.items.iter().map(|d| d.id).collect::<Vec<_>>(),
        [dossiers[1].id]
    );
    assert_eq!(by_code.count, Count::Exact(1));

    // Pages of two, each after the last one's key: every dossier once.
    let mut seen = Vec::new();
    let mut after = None;
    let mut pages = 0;
    loop {
        let page = store
            .dossiers(
                &scope,
                &DossierFilter {
                    per_page: Some(2),
                    after,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(page.count, Count::Exact(5));
        assert!(page.items.len() <= 2);
        seen.extend(page.items.iter().map(|d| d.id));
        pages += 1;
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    let mut expected: Vec<Uuid> = dossiers.iter().map(|d| d.id).collect();
    expected.sort();
    seen.sort();
    assert_eq!(seen, expected);
});

/// A counter dossier of "Nguyễn Văn An" in ward B.
async fn desk_of_b(store: &Store, t: &Tree, procedure: Uuid) -> Dossier {
    desk(store, &t.ward_b)
        .await
        .file(procedure, Channel::Counter, "Nguyễn Văn An", at(2, 8))
        .await
}

store_test!(a_returned_dossier_is_rated_once, |store| {
    let t = tree(&store).await;
    let procedure = first_procedure(&store).await;
    let desk = desk(&store, &t.ward_a).await;
    let scope = t.ward_a.scope();
    let rated_at: jiff::Timestamp = "2026-03-10T03:00:00Z".parse().unwrap();
    let d = desk
        .file(procedure, Channel::Counter, "Nguyễn Văn An", at(2, 8))
        .await;
    let rate = |code: String| {
        let store = &store;
        async move {
            store
                .rate_dossier(&code, "3", "khong_hai_long", "Chờ lâu", rated_at)
                .await
        }
    };

    // Not before its result is returned.
    let early = rate(d.code.clone()).await.unwrap_err();
    assert_eq!(refused_field(early), "rating");
    let mut d = d;
    for (action, day) in [
        (Action::Assign, 3),
        (Action::Submit, 4),
        (Action::Approve, 5),
        (Action::ReturnResult, 6),
    ] {
        d = desk
            .act(&scope, &d, action, at(day, 9), None)
            .await
            .unwrap();
    }
    assert_eq!(d.status, Status::Returned);
    assert_eq!(d.finished_at, Some(at(5, 9)));

    rate(d.code.clone()).await.unwrap();
    let again = rate(d.code.clone()).await.unwrap_err();
    assert_eq!(refused_field(again), "rating");
    assert!(matches!(
        rate("000.00.00.X99999-260302-9999".into()).await,
        Err(StoreError::NotFound(_))
    ));

    let year = (date(2026, 1, 1), date(2026, 12, 31));
    let counts = |scope: Scope| {
        let store = &store;
        async move {
            store
                .rating_counts(&scope, year.0, year.1, &StatsFilter::default())
                .await
                .unwrap()
        }
    };
    assert_eq!(counts(scope.clone()).await, (1, 1));
    assert_eq!(counts(t.ward_b.scope()).await, (0, 0));
    let stats = store
        .dossier_stats(&scope, year.0, year.1, &StatsFilter::default())
        .await
        .unwrap();
    assert_eq!((stats.rated, stats.dissatisfied), (1, 1));
});
