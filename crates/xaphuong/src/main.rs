use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use xaphuong::Application;
use xaphuong::calendar::{self, CalendarCommand};
use xaphuong::demo::{self, ACCOUNTS, Outcome};
use xaphuong_core::access::Scope;
use xaphuong_core::audit::Actor;
use xaphuong_core::users::{Role, UserInput, validate_password};
use xaphuong_report::resolution::{Format, render};
use xaphuong_store::{Store, StoreError, redact_url};
use xaphuong_web::WebConfig;

/// xaphuong: công việc hằng ngày và báo cáo của xã, phường.
#[derive(Parser)]
#[command(
    version,
    about = "xaphuong: công việc hằng ngày và báo cáo của xã, phường, tính từ chính hồ sơ của mình"
)]
struct Cli {
    /// Cơ sở dữ liệu: sqlite://ĐƯỜNG_DẪN hoặc postgres://NGƯỜI_DÙNG@MÁY:CỔNG/TÊN
    /// [mặc định: sqlite://xaphuong.db; lệnh calendar dùng lịch có sẵn nếu không chỉ định]
    #[arg(long, global = true, env = "XAPHUONG_DATABASE_URL")]
    database: Option<String>,
    /// Định dạng nhật ký máy chủ
    #[arg(long, global = true, env = "XAPHUONG_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    log_format: LogFormat,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Chạy máy chủ web
    Serve {
        /// Địa chỉ lắng nghe
        #[arg(long, env = "XAPHUONG_LISTEN", default_value = "127.0.0.1:8080")]
        listen: String,
        /// Nạp dữ liệu mẫu (Phường Phùng Chí Kiên) vào cơ sở dữ liệu trống
        #[arg(long)]
        demo: bool,
        /// Đặt cookie Secure (khi phục vụ qua HTTPS)
        #[arg(long, env = "XAPHUONG_SECURE_COOKIES")]
        secure_cookies: bool,
        /// Số lần tra cứu, nộp hồ sơ công khai tối đa mỗi phút cho một địa chỉ
        #[arg(long, env = "XAPHUONG_LOOKUPS_PER_MINUTE", default_value_t = 30)]
        lookups_per_minute: u32,
        /// Địa chỉ công khai của máy chủ (in trong mã QR trên phiếu), ví dụ
        /// https://motcua.example.vn; không đặt thì phiếu không có mã QR
        #[arg(long, env = "XAPHUONG_PUBLIC_URL")]
        public_url: Option<String>,
        /// Proxy ngược được tin (địa chỉ hoặc dải CIDR, cách nhau bằng dấu
        /// phẩy): chỉ với chúng, địa chỉ người dùng lấy từ X-Forwarded-For
        #[arg(long = "trusted-proxy", env = "XAPHUONG_TRUSTED_PROXIES", value_delimiter = ',', value_parser = parse_proxy)]
        trusted_proxies: Vec<ipnet::IpNet>,
    },
    /// Nạp dữ liệu mẫu vào cơ sở dữ liệu trống rồi thoát; với --communes, một tỉnh mẫu để ước lượng máy chủ
    Demo {
        /// Số xã, phường: Phường Phùng Chí Kiên và các phường sinh thêm cùng quy mô
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=5000))]
        communes: u32,
        /// Số hộ gia đình mỗi xã, phường
        #[arg(long, default_value_t = demo::DEMO_HOUSEHOLDS as u32, value_parser = clap::value_parser!(u32).range(10..=200_000))]
        households: u32,
        /// Số hồ sơ một cửa mỗi xã, phường trong năm 2026 (mặc định: 1–3 hồ sơ mỗi ngày làm việc)
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
        dossiers: Option<u32>,
    },
    /// Cập nhật cấu trúc cơ sở dữ liệu rồi thoát
    Migrate,
    /// Quản lý tài khoản
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Lịch làm việc: âm lịch, ngày nghỉ, hạn giải quyết (JSON mỗi dòng)
    Calendar {
        /// Mã đơn vị (tỉnh, huyện, xã) có lịch riêng; cần --database
        #[arg(long)]
        unit: Option<String>,
        #[command(subcommand)]
        command: CalendarCommand,
    },
    /// Báo cáo tính từ hồ sơ
    Report {
        #[command(subcommand)]
        command: ReportCommand,
    },
    /// Sao lưu cơ sở dữ liệu SQLite đang chạy ra một tệp
    Backup {
        /// Tệp đích (không được trùng tệp đã có)
        #[arg(long)]
        out: PathBuf,
    },
    /// Chuẩn nghèo đa chiều: xem các chuẩn đang áp dụng, thêm chuẩn mới từ tệp
    Standards {
        #[command(subcommand)]
        command: StandardsCommand,
    },
}

#[derive(Subcommand)]
enum StandardsCommand {
    /// In các chuẩn nghèo đang áp dụng theo định dạng tệp chuẩn nghèo
    List,
    /// Thêm (hoặc thay) chuẩn nghèo từ một tệp cùng định dạng, khi có Nghị định mới
    Add {
        /// Tệp chuẩn nghèo (UTF-8)
        #[arg(long)]
        file: PathBuf,
    },
}

#[derive(Subcommand)]
enum ReportCommand {
    /// Báo cáo kết quả thực hiện Nghị quyết năm và phương hướng, nhiệm vụ năm sau
    Resolution {
        /// Mã đơn vị (xã, phường), ví dụ 01843
        #[arg(long)]
        unit: String,
        /// Năm báo cáo
        #[arg(long)]
        year: i16,
        /// md | html | docx | xlsx
        #[arg(long, default_value = "md")]
        format: String,
        /// Ghi ra tệp (mặc định: in ra màn hình; docx, xlsx bắt buộc có --out)
        #[arg(long)]
        out: Option<PathBuf>,
        /// Số liệu tính đến ngày (YYYY-MM-DD; mặc định: hôm nay hoặc cuối năm báo cáo)
        #[arg(long)]
        as_of: Option<String>,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Thêm tài khoản (ví dụ quản trị đầu tiên: --role admin, không --unit)
    Add {
        #[arg(long)]
        username: String,
        #[arg(long)]
        full_name: String,
        /// admin | leader | one_stop_officer | specialist_officer | group_head
        #[arg(long, default_value = "admin")]
        role: String,
        /// Mã đơn vị (tỉnh, huyện, xã); bỏ trống: quản trị toàn hệ thống
        #[arg(long)]
        unit: Option<String>,
        /// Lĩnh vực của công chức chuyên môn, cách nhau bởi dấu phẩy
        #[arg(long, value_delimiter = ',')]
        fields: Vec<String>,
        /// Đọc mật khẩu từ đầu vào chuẩn; nếu không, một mật khẩu ngẫu nhiên được tạo và in ra
        #[arg(long)]
        password_stdin: bool,
    },
}

/// The largest poverty-standards file read.
const STANDARDS_FILE_LIMIT: u64 = 64 * 1024;

/// Problems of the input exit with 2, everything else with 1.
enum Failure {
    Input(String),
    Other(String),
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Invalid(_)
            | StoreError::Conflict(_)
            | StoreError::Stale
            | StoreError::UnsupportedUrl(_)
            | StoreError::NotFound(_)
            | StoreError::Forbidden(_)
            | StoreError::Unsupported(_) => Failure::Input(e.to_string()),
            other => Failure::Other(other.to_string()),
        }
    }
}

fn init_logs(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("XAPHUONG_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,tower_http=info"));
    // A span's close says how long it took: with XAPHUONG_LOG=debug every
    // store call of a request is timed inside the request's span.
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_target(false);
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().flatten_event(true).init(),
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("stopping: finishing requests in flight");
}

fn print_demo_accounts() {
    println!("Tài khoản mẫu (tên đăng nhập / mật khẩu):");
    for a in ACCOUNTS {
        println!(
            "  {:<10} / {:<16} {} — {}",
            a.username,
            a.password,
            a.full_name,
            a.role.label()
        );
    }
}

/// A trusted proxy: an address (one host) or a CIDR range.
fn parse_proxy(s: &str) -> Result<ipnet::IpNet, String> {
    let s = s.trim();
    s.parse::<ipnet::IpNet>()
        .or_else(|_| s.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
        .map_err(|_| {
            format!("«{s}» không phải địa chỉ IP hay dải CIDR (ví dụ 10.0.0.5 hoặc 10.0.0.0/24)")
        })
}

async fn seed_demo(store: &Store, size: &demo::Size) -> Result<(), Failure> {
    let bar = indicatif::ProgressBar::new(size.communes as u64).with_style(
        indicatif::ProgressStyle::with_template(
            "{elapsed_precise} [{bar:40}] {pos}/{len} xã, phường",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    if size.communes == 1 {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    let outcome = demo::seed_sized(store, size, &mut |done, _| bar.set_position(done as u64)).await;
    bar.finish_and_clear();
    if let Ok(Outcome::Created) = outcome {
        store.refresh_statistics().await?;
    }
    match outcome {
        Ok(Outcome::Created) if size.communes > 1 => println!(
            "Đã nạp tỉnh mẫu: {} xã, phường (Phường Phùng Chí Kiên (01843) và {} phường sinh thêm), mỗi xã, phường {} hộ.",
            size.communes,
            size.communes - 1,
            size.households
        ),
        Ok(Outcome::Created) => println!(
            "Đã nạp dữ liệu mẫu: Tỉnh Bắc Kạn › Thành phố Bắc Kạn › Phường Phùng Chí Kiên (01843)."
        ),
        Ok(Outcome::AlreadyThere) => println!("Dữ liệu mẫu đã có sẵn."),
        Err(demo::DemoError::NotEmpty) => {
            return Err(Failure::Input(demo::DemoError::NotEmpty.to_string()));
        }
        Err(demo::DemoError::Store(e)) => return Err(e.into()),
    }
    print_demo_accounts();
    Ok(())
}

const DEFAULT_DATABASE: &str = "sqlite://xaphuong.db";

fn input_failure(e: xaphuong_core::Invalid) -> Failure {
    Failure::Input(
        e.0.iter()
            .map(|f| f.message.clone())
            .collect::<Vec<_>>()
            .join("; "),
    )
}

async fn calendar_unit(
    store: &Store,
    code: Option<&str>,
) -> Result<Option<xaphuong_store::units::Unit>, Failure> {
    match code {
        Some(code) => Ok(Some(
            store
                .unit_by_code(&Scope::All, code.trim())
                .await
                .map_err(|_| Failure::Input(format!("Không có đơn vị mã {code}")))?,
        )),
        None => Ok(None),
    }
}

/// `xaphuong calendar …`: reading commands work on the built-in schedules
/// unless `--database` is given; editing commands always use a database.
async fn run_calendar(
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

async fn run(cli: Cli) -> Result<(), Failure> {
    let open = |url: String| async move { Store::open(&url).await };
    let explicit_database = cli.database.clone();
    let database = cli.database.unwrap_or_else(|| DEFAULT_DATABASE.to_owned());
    match cli.command {
        Command::Calendar { unit, command } => {
            run_calendar(explicit_database, database, unit, command).await
        }
        Command::Serve {
            listen,
            demo,
            secure_cookies,
            lookups_per_minute,
            public_url,
            trusted_proxies,
        } => {
            init_logs(cli.log_format);
            let store = open(database.clone()).await?;
            let catalogue = Actor::system("danh mục có sẵn");
            store.ensure_indicator_catalogue(&catalogue).await?;
            store.ensure_procedure_catalogue(&catalogue).await?;
            if demo {
                seed_demo(&store, &demo::Size::default()).await?;
            }
            let config = WebConfig {
                secure_cookies,
                lookups_per_minute,
                public_url,
                trusted_proxies,
                ..WebConfig::default()
            };
            let synchronous = store.sqlite_synchronous().await?;
            let app = Application::build(store, &listen, config)
                .await
                .map_err(|e| Failure::Input(format!("Không mở được địa chỉ {listen}: {e}")))?;
            let addr = app
                .local_addr()
                .map_err(|e| Failure::Other(e.to_string()))?;
            match synchronous {
                Some(sync) => {
                    tracing::info!(database = %redact_url(&database), synchronous = sync, "database ready")
                }
                None => tracing::info!(database = %redact_url(&database), "database ready"),
            }
            println!("xaphuong đang chạy tại http://{addr} (Ctrl+C để dừng)");
            app.run_until_stopped(shutdown_signal())
                .await
                .map_err(|e| Failure::Other(e.to_string()))?;
            Ok(())
        }
        Command::Demo {
            communes,
            households,
            dossiers,
        } => {
            let size = demo::Size {
                communes: communes as usize,
                households: households as usize,
                dossiers: dossiers.map(|d| d as usize),
            };
            seed_demo(&open(database).await?, &size).await
        }
        Command::Migrate => {
            open(database).await?;
            println!("Cơ sở dữ liệu đã ở phiên bản mới nhất.");
            Ok(())
        }
        Command::Report {
            command:
                ReportCommand::Resolution {
                    unit,
                    year,
                    format,
                    out,
                    as_of,
                },
        } => {
            let format = Format::parse(&format).ok_or_else(|| {
                Failure::Input(format!(
                    "Định dạng «{format}» không hợp lệ; dùng md, html, docx hoặc xlsx"
                ))
            })?;
            if out.is_none() && matches!(format, Format::Docx | Format::Xlsx) {
                return Err(Failure::Input("Định dạng docx, xlsx cần --out TỆP".into()));
            }
            let today = xaphuong_core::calendar::vietnam_date(jiff::Timestamp::now());
            let as_of = match as_of {
                Some(s) => s
                    .trim()
                    .parse::<jiff::civil::Date>()
                    .map_err(|_| Failure::Input(format!("Ngày «{s}» không hợp lệ (YYYY-MM-DD)")))?,
                None => jiff::civil::Date::new(year, 12, 31)
                    .map_err(|_| Failure::Input(format!("Năm {year} không hợp lệ")))?
                    .min(today),
            };
            let store = open(database).await?;
            store
                .ensure_indicator_catalogue(&Actor::system("danh mục chỉ tiêu"))
                .await?;
            let ward = store
                .unit_by_code(&Scope::All, unit.trim())
                .await
                .map_err(|_| Failure::Input(format!("Không có đơn vị mã {unit}")))?;
            let report = store
                .resolution_report(&Scope::All, ward.id, year, as_of)
                .await?;
            let bytes = render(&report, format, today).map_err(Failure::Other)?;
            match out {
                Some(path) => {
                    std::fs::write(&path, bytes).map_err(|e| {
                        Failure::Input(format!("Không ghi được {}: {e}", path.display()))
                    })?;
                    println!("Đã ghi {}", path.display());
                }
                None => print!("{}", String::from_utf8_lossy(&bytes)),
            }
            Ok(())
        }
        Command::Standards { command } => {
            let store = open(database).await?;
            match command {
                StandardsCommand::List => {
                    let all = store.poverty_standards().await?;
                    print!("{}", xaphuong_core::social::poverty::format_standards(&all));
                }
                StandardsCommand::Add { file } => {
                    let unreadable = |e: std::io::Error| {
                        Failure::Input(format!("Không đọc được tệp {}: {e}", file.display()))
                    };
                    // A standards file is a few lines; its size is checked
                    // before it is read.
                    let size = std::fs::metadata(&file).map_err(unreadable)?.len();
                    if size > STANDARDS_FILE_LIMIT {
                        return Err(Failure::Input(format!(
                            "Tệp {} lớn hơn {} KB: tệp chuẩn nghèo chỉ vài dòng",
                            file.display(),
                            STANDARDS_FILE_LIMIT / 1024
                        )));
                    }
                    let body = std::fs::read_to_string(&file).map_err(unreadable)?;
                    let added = store
                        .add_poverty_standards(&Actor::system("dòng lệnh"), &body)
                        .await?;
                    println!("Đã thêm chuẩn nghèo: {}", added.join(", "));
                }
            }
            Ok(())
        }
        Command::Backup { out } => {
            let store = open(database).await?;
            store.backup_to(&out).await?;
            println!("Đã sao lưu vào {}", out.display());
            Ok(())
        }
        Command::User {
            command:
                UserCommand::Add {
                    username,
                    full_name,
                    role,
                    unit,
                    fields,
                    password_stdin,
                },
        } => {
            let password = if password_stdin {
                let mut s = String::new();
                std::io::stdin()
                    .read_to_string(&mut s)
                    .map_err(|e| Failure::Input(format!("Không đọc được mật khẩu: {e}")))?;
                let p = s.trim_end_matches(['\r', '\n']).to_owned();
                validate_password(&p).map_err(|e| Failure::Input(e.to_string()))?;
                p
            } else {
                random_password()
            };
            let store = open(database).await?;
            let unit_id = match unit {
                Some(code) => Some(
                    store
                        .unit_by_code(&Scope::All, code.trim())
                        .await
                        .map_err(|_| Failure::Input(format!("Không có đơn vị mã {code}")))?
                        .id,
                ),
                None => None,
            };
            if Role::parse(&role).is_none() {
                return Err(Failure::Input(format!(
                    "Vai trò «{role}» không hợp lệ; dùng một trong: admin, leader, one_stop_officer, specialist_officer, group_head"
                )));
            }
            let hash = xaphuong_web::passwords::hash(password.clone())
                .await
                .ok_or_else(|| Failure::Other("password worker stopped".into()))?;
            let input = UserInput {
                username,
                full_name,
                role,
                fields,
            };
            let user = store
                .create_user(
                    &Actor::system("dòng lệnh"),
                    &Scope::All,
                    unit_id,
                    &input,
                    &hash,
                )
                .await?;
            println!(
                "Đã tạo tài khoản {} ({}).",
                user.username,
                user.role.label()
            );
            if !password_stdin {
                println!("Mật khẩu: {password}");
            }
            Ok(())
        }
    }
}

fn random_password() -> String {
    // Enough bytes that running out is all but impossible (each is kept
    // with probability 224/256); drawn again if it happens.
    loop {
        let mut random = [0u8; 64];
        getrandom::fill(&mut random).expect("operating system random source");
        if let Some(p) = xaphuong_core::users::password_from(random) {
            return p;
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e)
            if matches!(
                e.kind(),
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion
            ) =>
        {
            e.exit()
        }
        Err(e) => {
            eprintln!("Lỗi cú pháp lệnh (xem xaphuong --help):\n{e}");
            return ExitCode::from(2);
        }
    };
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Input(msg)) => {
            eprintln!("Lỗi: {msg}");
            ExitCode::from(2)
        }
        Err(Failure::Other(msg)) => {
            eprintln!("Lỗi: {msg}");
            ExitCode::from(1)
        }
    }
}
