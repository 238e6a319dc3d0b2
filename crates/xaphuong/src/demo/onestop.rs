//! A year of one-stop dossiers for a demo commune (January to late November
//! 2026), simulated with the lifecycle's own rules and kept whole: most
//! filed at the counter, a third online, a few by post; some asked for a
//! supplement once, a few late — most of those with an apology and a new
//! date — and the latest still in progress. Citizens rated some results.

use jiff::civil::{Date, DateTime};
use xaphuong_core::Invalid;
use xaphuong_core::audit::Actor;
use xaphuong_core::calendar::working::WorkCalendar;
use xaphuong_core::onestop::code::CodePattern;
use xaphuong_core::onestop::lifecycle::{self as rules, Action, Channel, Dossier as State};
use xaphuong_core::onestop::procedures::ProcessingTime;
use xaphuong_store::onestop::{
    Dossier, DossierFilter, DossierRecord, Procedure, RatingRecord, TimelineStep,
};
use xaphuong_store::units::Unit;
use xaphuong_store::{Store, StoreError};

use super::{DemoError, Dice};

/// Who takes the steps, by name as the timeline shows it.
pub(super) struct Staff {
    pub counter: String,
    pub specialist: String,
    pub leader: String,
}

const FIRST: Date = Date::constant(2026, 1, 5);
const LAST: Date = Date::constant(2026, 11, 27);
/// Dossiers filed after this day are still being handled.
const STILL_OPEN: Date = Date::constant(2026, 11, 20);
/// Dossiers kept in one transaction.
const CHUNK: usize = 5_000;

/// `from` plus `share` (0–1) of the way to `to`, moved into office hours.
fn between(from: DateTime, to: DateTime, share: f64) -> DateTime {
    let span = from.duration_until(to);
    let part = jiff::SignedDuration::from_secs((span.as_secs() as f64 * share) as i64);
    let t = from.checked_add(part).unwrap_or(to);
    let hour = t.hour().clamp(7, 16);
    let t = t.with().hour(hour).build().unwrap_or(t);
    if t < from { from } else { t }
}

fn tomorrow(day: Date) -> Result<Date, DemoError> {
    day.tomorrow()
        .map_err(|e| StoreError::Unsupported(e.to_string()).into())
}

/// The commune's year of dossiers: `per_year` of them spread over the
/// working days, or one to three a day (the one-ward demo).
pub(super) async fn seed(
    store: &Store,
    ward: &Unit,
    staff: &Staff,
    per_year: Option<usize>,
) -> Result<bool, DemoError> {
    let scope = ward.scope();
    let any = DossierFilter {
        per_page: Some(1),
        ..Default::default()
    };
    if !store.dossiers(&scope, &any).await?.items.is_empty() {
        return Ok(false);
    }
    let procedures = store.procedures(None).await?;
    let cal = store.work_calendar(Some(ward), 2025..=2027).await?;
    let pattern = store.dossier_code_pattern(ward).await?;
    let mut working = Vec::new();
    let mut day = FIRST;
    while day <= LAST {
        if cal.is_working_day(day) {
            working.push(day);
        }
        day = tomorrow(day)?;
    }
    let mut sim = Simulation {
        ward,
        staff,
        procedures: &procedures,
        cal: &cal,
        pattern: &pattern,
        dice: Dice(2026),
        n: 0,
        records: Vec::new(),
    };
    let system = Actor::system("dữ liệu mẫu");
    let days = working.len();
    for (i, day) in working.into_iter().enumerate() {
        let today = match per_year {
            Some(k) => k * (i + 1) / days - k * i / days,
            None => 1 + sim.dice.next(3) as usize,
        };
        for seq in 1..=today {
            sim.dossier(day, seq as u32)?;
        }
        if sim.records.len() >= CHUNK {
            store
                .import_dossiers(&system, &scope, ward.id, &sim.records)
                .await?;
            sim.records.clear();
        }
    }
    store
        .import_dossiers(&system, &scope, ward.id, &sim.records)
        .await?;
    Ok(true)
}

struct Simulation<'a> {
    ward: &'a Unit,
    staff: &'a Staff,
    procedures: &'a [Procedure],
    cal: &'a WorkCalendar,
    pattern: &'a CodePattern,
    dice: Dice,
    n: u64,
    records: Vec<DossierRecord>,
}

/// A dossier being handled, step by step, as the store would keep it.
struct Life<'a> {
    procedure: &'a Procedure,
    cal: &'a WorkCalendar,
    dossier: Dossier,
    state: State,
    timeline: Vec<TimelineStep>,
}

impl Life<'_> {
    fn step(&mut self, who: &str, action: Action, at: DateTime) -> Result<(), DemoError> {
        let next = rules::apply(&self.state, &action, at, &self.procedure.time, self.cal)
            .map_err(|m| StoreError::Invalid(Invalid::one("action", m)))?;
        self.timeline.push(TimelineStep {
            at,
            action: action.code().to_owned(),
            from: Some(self.state.status),
            to: next.clone(),
            actor: who.to_owned(),
            note: String::new(),
        });
        let d = &mut self.dossier;
        d.finished_at = rules::finished_at(d.finished_at, next.status, at);
        d.status = next.status;
        d.step = next.step;
        d.received_at = next.received_at;
        d.due_at = next.due;
        d.supplements = i64::from(next.supplements);
        d.supplement_requested_at = next.supplement_requested_at;
        d.apologised = next.apologised;
        d.transferred_to = next.transferred_to.clone();
        self.state = next;
        Ok(())
    }
}

impl Simulation<'_> {
    fn dossier(&mut self, day: Date, seq: u32) -> Result<(), DemoError> {
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
        let dice = &mut self.dice;
        self.n += 1;
        let n = self.n;
        // Hộ tịch and chứng thực are most of a ward's work.
        let p = &self.procedures[dice.next(self.procedures.len() as u64) as usize];
        let channel = match dice.next(10) {
            0..=5 => Channel::Counter,
            6..=8 => Channel::Online,
            _ => Channel::Post,
        };
        let hour = [7, 8, 9, 10, 13, 14, 15, 16][dice.next(8) as usize];
        let at = day.at(hour, (dice.next(4) * 15) as i8, 0, 0);
        let applicant = format!(
            "{} {} {}",
            FAMILY[dice.next(10) as usize],
            MIDDLE[dice.next(6) as usize],
            GIVEN[dice.next(10) as usize]
        );
        let address = format!("Tổ {}, {}", 1 + dice.next(10), self.ward.name);
        let phone = format!("09{:08}", dice.next(100_000_000));
        // One in five wants the result by post, as most filed by post do.
        let return_channel = if channel == Channel::Post || dice.next(5) == 0 {
            Channel::Post
        } else {
            Channel::Counter
        };
        let state = State::submitted(channel);
        let staff = self.staff;
        let filed_by = if channel == Channel::Counter {
            staff.counter.as_str()
        } else {
            "dữ liệu mẫu"
        };
        let mut life = Life {
            procedure: p,
            cal: self.cal,
            dossier: Dossier {
                id: uuid::Uuid::now_v7(),
                code: self.pattern.format(day, seq),
                commune_id: self.ward.id,
                unit_path: self.ward.path.clone(),
                procedure_id: p.id,
                procedure_name: p.name.clone(),
                channel,
                return_channel,
                status: state.status,
                step: state.step,
                applicant,
                address,
                phone,
                email: String::new(),
                submitted_at: at,
                received_at: None,
                due_at: None,
                supplements: 0,
                supplement_requested_at: None,
                apologised: false,
                transferred_to: None,
                finished_at: None,
                assignee_id: None,
                lookup_key: xaphuong_store::onestop::new_lookup_key(),
                // Written with the time of the import.
                updated_at: 0,
            },
            timeline: vec![TimelineStep {
                at,
                action: "file".into(),
                from: None,
                to: state.clone(),
                actor: filed_by.to_owned(),
                note: String::new(),
            }],
            state,
        };
        // At the counter the officer receives it at once.
        if channel == Channel::Counter {
            life.step(filed_by, Action::Accept, at)?;
        }
        let rating = self.handle(&mut life, n, day, at)?;
        self.records.push(DossierRecord {
            dossier: life.dossier,
            sequence: seq,
            timeline: life.timeline,
            rating,
        });
        Ok(())
    }

    /// The dossier's steps after filing, and the citizen's rating.
    fn handle(
        &mut self,
        life: &mut Life<'_>,
        n: u64,
        day: Date,
        at: DateTime,
    ) -> Result<Option<RatingRecord>, DemoError> {
        let s = self.staff;
        let (counter, specialist, leader) = (&s.counter, &s.specialist, &s.leader);
        if life.dossier.channel != Channel::Counter {
            let accepted = at.checked_add(jiff::Span::new().hours(2)).unwrap_or(at);
            life.step(counter, Action::Accept, accepted)?;
        }
        let (Some(received), Some(due)) = (life.dossier.received_at, life.dossier.due_at) else {
            return Ok(None);
        };
        life.step(counter, Action::Assign, between(received, due, 0.05))?;
        // The latest dossiers are still being handled.
        if day > STILL_OPEN {
            return Ok(None);
        }
        let long = matches!(life.procedure.time, ProcessingTime::WorkingDays(k) if k >= 3);
        let roll = self.dice.next(100);
        if roll < 6 && long {
            life.step(
                specialist,
                Action::RequestSupplement {
                    reason: "Thiếu bản sao giấy tờ tùy thân của người được khai".into(),
                },
                between(received, due, 0.2),
            )?;
            life.step(
                counter,
                Action::SupplementReceived,
                between(received, due, 0.35),
            )?;
        }
        let due = life.dossier.due_at.unwrap_or(due);
        let late = roll >= 96 && long;
        if late && roll >= 98 {
            // Told the citizen in time, with a new date (Art. 19(6)).
            let new_due = due.checked_add(jiff::Span::new().days(3)).unwrap_or(due);
            life.step(
                specialist,
                Action::Apologise {
                    reason: "Chờ xác minh thông tin tại nơi cư trú trước đây".into(),
                    new_due,
                },
                between(received, due, 0.5),
            )?;
        }
        life.step(specialist, Action::Submit, between(received, due, 0.6))?;
        let approved = if late {
            due.checked_add(jiff::Span::new().days(1)).unwrap_or(due)
        } else {
            between(received, due, 0.8)
        };
        life.step(leader, Action::Approve, approved)?;
        let returned = if late {
            approved
                .checked_add(jiff::Span::new().hours(1))
                .unwrap_or(approved)
        } else {
            between(received, due, 0.9)
        };
        life.step(counter, Action::ReturnResult, returned)?;
        if !n.is_multiple_of(4) {
            return Ok(None);
        }
        // One rating in sixteen "không hài lòng".
        let level = match n % 64 / 4 {
            15 => "khong_hai_long",
            k if k % 3 == 0 => "rat_hai_long",
            _ => "hai_long",
        };
        Ok(Some(RatingRecord {
            scale: "3 mức: rất hài lòng / hài lòng / không hài lòng".into(),
            answers: level.into(),
            comment: String::new(),
            // Rated when the result came back.
            at: xaphuong_core::calendar::vietnam_instant(returned),
        }))
    }
}
