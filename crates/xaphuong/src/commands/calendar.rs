//! `xaphuong calendar …`.

use xaphuong::calendar::{self, CalendarCommand};
use xaphuong_core::access::Scope;
use xaphuong_core::audit::Actor;
use xaphuong_store::Store;

use super::{Failure, input_failure};

async fn calendar_unit(
    store: &Store,
    code: Option<&str>,
) -> Result<Option<xaphuong_store::units::Unit>, Failure> {
    match code {
        Some(code) => Ok(Some(
            store
                .unit_by_code(&Scope::All, code.trim(), None)
                .await
                .map_err(|_| Failure::Input(format!("Không có đơn vị mã {code}")))?,
        )),
        None => Ok(None),
    }
}

/// `xaphuong calendar …`: reading commands work on the built-in schedules
/// unless `--database` is given; editing commands always use a database.
pub(crate) async fn run(
    explicit: Option<String>,
    database: String,
    unit: Option<String>,
    command: CalendarCommand,
) -> Result<(), Failure> {
    use xaphuong_core::calendar::days_off::{DayOff, validate_day};
    let print = |lines: Vec<String>| {
        for l in lines {
            println!("{l}");
        }
    };
    match &command {
        CalendarCommand::SetDay {
            date,
            kind,
            name,
            document,
            unconfirmed,
        } => {
            let (date, kind, name, document) =
                validate_day(date, kind, name, document).map_err(input_failure)?;
            let store = Store::open(&database).await?;
            let unit = calendar_unit(&store, unit.as_deref()).await?;
            let day = DayOff {
                date,
                kind,
                name,
                document,
                confirmed: !unconfirmed,
            };
            store
                .put_calendar_day(
                    &Actor::system("dòng lệnh"),
                    &Scope::All,
                    unit.map(|u| u.id),
                    &day,
                )
                .await?;
            println!(
                "{}",
                serde_json::json!({"date": date.to_string(), "kind": kind.as_str(), "name": day.name})
            );
            Ok(())
        }
        CalendarCommand::DeleteDay { date } => {
            let date = xaphuong_core::calendar::input::date("date", date).map_err(input_failure)?;
            let store = Store::open(&database).await?;
            let unit = calendar_unit(&store, unit.as_deref()).await?;
            store
                .delete_calendar_day(
                    &Actor::system("dòng lệnh"),
                    &Scope::All,
                    unit.map(|u| u.id),
                    date,
                )
                .await?;
            println!("{}", serde_json::json!({"deleted": date.to_string()}));
            Ok(())
        }
        _ => {
            let years = calendar::years_needed(&command).map_err(input_failure)?;
            let schedule = match (explicit, years) {
                (None, _) if unit.is_some() => {
                    return Err(Failure::Input(
                        "--unit cần --database: lịch riêng của đơn vị nằm trong cơ sở dữ liệu"
                            .into(),
                    ));
                }
                (_, None) => calendar::Schedule::none(),
                (None, Some(years)) => calendar::Schedule::builtin(years),
                (Some(url), Some(years)) => {
                    let store = Store::open(&url).await?;
                    let unit = calendar_unit(&store, unit.as_deref()).await?;
                    calendar::Schedule {
                        settings: store.calendar_settings(unit.as_ref()).await?,
                        days: store
                            .calendar_days(unit.as_ref(), years)
                            .await?
                            .into_iter()
                            .map(|d| d.day)
                            .collect(),
                    }
                }
            };
            print(calendar::run(&command, &schedule).map_err(input_failure)?);
            Ok(())
        }
    }
}
