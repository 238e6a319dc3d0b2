use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use commands::{DEFAULT_DATABASE, Failure};
use xaphuong::calendar::CalendarCommand;
use xaphuong::demo;
use xaphuong_store::Store;
use xaphuong_web::WebConfig;

mod commands;

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
        /// Số giây chờ trước lần gửi lại đầu tiên một sự kiện webhook thất
        /// bại (mỗi lần sau gấp đôi, tối đa 1 giờ)
        #[arg(long, env = "XAPHUONG_WEBHOOK_RETRY_SECONDS", default_value_t = 10)]
        webhook_retry_seconds: u64,
        /// Số giây một máy chủ giữ lần gửi nó đang thực hiện; máy chủ dừng
        /// đột ngột thì máy khác (hoặc chính nó khi chạy lại) gửi lại sau chừng ấy
        #[arg(long, env = "XAPHUONG_WEBHOOK_LEASE_SECONDS", default_value_t = 60)]
        webhook_lease_seconds: u64,
        /// Số ngày giữ sự kiện và lần gửi đã gửi xong (webhook, e-mail);
        /// lần gửi thất bại hẳn giữ đến khi gửi lại
        #[arg(long, env = "XAPHUONG_OUTBOX_KEEP_DAYS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3650))]
        outbox_keep_days: u64,
        /// Máy chủ thư gửi thông báo hồ sơ cho công dân có địa chỉ e-mail,
        /// ví dụ smtp://ten:matkhau@mail.example.vn:587?tls=required hoặc
        /// smtps://…:465; không đặt thì thư chờ trong hàng đợi, không mất
        #[arg(long, env = "XAPHUONG_SMTP_URL", hide_env_values = true)]
        smtp_url: Option<String>,
        /// Máy chủ bản đồ nền (tile) cho bản đồ phản ánh công khai, ví dụ
        /// https://tiles.example.vn/{z}/{x}/{y}.png; không đặt thì chỉ hiện
        /// danh sách, không tải gì từ nơi khác
        #[arg(long, env = "XAPHUONG_MAP_TILES")]
        map_tiles: Option<String>,
        /// Người gửi các thư đó
        #[arg(
            long,
            env = "XAPHUONG_SMTP_FROM",
            default_value = "Bộ phận một cửa <khong-tra-loi@localhost>"
        )]
        smtp_from: String,
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
    /// Đơn vị hành chính: sắp xếp theo bảng chuyển đổi năm 2025
    Units {
        #[command(subcommand)]
        command: UnitsCommand,
    },
    /// Dữ liệu của một xã, phường thành một gói (zip): chuyển từ máy này sang máy chủ khác
    Commune {
        #[command(subcommand)]
        command: CommuneCommand,
    },
    /// Chuẩn nghèo đa chiều: xem các chuẩn đang áp dụng, thêm chuẩn mới từ tệp
    Standards {
        #[command(subcommand)]
        command: StandardsCommand,
    },
}

#[derive(Subcommand)]
enum UnitsCommand {
    /// Áp bảng chuyển đổi đơn vị hành chính mới – cũ (từ 01/7/2025) của cơ quan
    /// thống kê cho các đơn vị đang có: in những gì sẽ thay đổi; --apply để thực hiện
    Convert {
        /// Tệp CSV của bảng chuyển đổi (các cột Tỉnh, thành phố; Tên Xã mới; Mã Xã mới;
        /// Tên Xã cũ; Mã Xã cũ; Ghi chú)
        #[arg(long)]
        file: PathBuf,
        /// Số văn bản là căn cứ
        #[arg(long, default_value = "202/2025/QH15")]
        basis: String,
        /// Ngày ban hành văn bản (YYYY-MM-DD)
        #[arg(long, default_value = "2025-06-12")]
        basis_date: String,
        /// Ngày có hiệu lực (YYYY-MM-DD)
        #[arg(long, default_value = "2025-07-01")]
        effective_on: String,
        /// Thực hiện (không có: chỉ xem trước)
        #[arg(long)]
        apply: bool,
    },
}

#[derive(Subcommand)]
enum CommuneCommand {
    /// Xuất mọi hồ sơ của một xã, phường (tổ dân phố, đơn vị cũ đã sáp nhập,
    /// hồ sơ một cửa và tệp, sổ theo dõi, hộ gia đình, nghị quyết, nhật ký)
    /// ra một gói dữ liệu
    Export {
        /// Mã xã, phường
        #[arg(long)]
        unit: String,
        /// Đơn vị mang mã đó vào ngày này (YYYY-MM-DD); mặc định: hôm nay
        #[arg(long)]
        as_unit_of: Option<String>,
        /// Tệp gói dữ liệu sẽ tạo (không được trùng tệp đã có)
        #[arg(long)]
        out: PathBuf,
    },
    /// Nhập một gói dữ liệu xã, phường: tất cả hoặc không gì; nhập lại gói
    /// đã nhập không thay đổi gì
    Import {
        /// Tệp gói dữ liệu
        file: PathBuf,
        /// Mã tỉnh sẽ nhận xã, phường (mặc định: đơn vị cấp trên cùng mã
        /// như trong gói, tạo mới nếu chưa có)
        #[arg(long)]
        parent: Option<String>,
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
        /// Đơn vị mang mã --unit vào ngày này (YYYY-MM-DD; mặc định: đơn vị hiện nay).
        /// Một mã chỉ chỉ một đơn vị tại một thời điểm: 01843 là Phường Phùng Chí Kiên
        /// đến 30/6/2025 và Phường Bắc Kạn từ 01/7/2025
        #[arg(long)]
        as_unit_of: Option<String>,
        /// Thêm bảng chi tiết theo từng đơn vị trước sắp xếp (phường, xã cũ đã nhập vào)
        #[arg(long)]
        by_former_unit: bool,
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

/// A trusted proxy: an address (one host) or a CIDR range.
fn parse_proxy(s: &str) -> Result<ipnet::IpNet, String> {
    let s = s.trim();
    s.parse::<ipnet::IpNet>()
        .or_else(|_| s.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
        .map_err(|_| {
            format!("«{s}» không phải địa chỉ IP hay dải CIDR (ví dụ 10.0.0.5 hoặc 10.0.0.0/24)")
        })
}

async fn run(cli: Cli) -> Result<(), Failure> {
    let explicit_database = cli.database.clone();
    let database = cli.database.unwrap_or_else(|| DEFAULT_DATABASE.to_owned());
    let open = || Store::open(&database);
    match cli.command {
        Command::Calendar { unit, command } => {
            commands::calendar::run(explicit_database, database.clone(), unit, command).await
        }
        Command::Serve {
            listen,
            demo,
            secure_cookies,
            lookups_per_minute,
            public_url,
            trusted_proxies,
            webhook_retry_seconds,
            webhook_lease_seconds,
            outbox_keep_days,
            smtp_url,
            smtp_from,
            map_tiles,
        } => {
            init_logs(cli.log_format);
            let config = WebConfig {
                secure_cookies,
                lookups_per_minute,
                public_url,
                trusted_proxies,
                map_tiles,
                webhooks: xaphuong_web::webhooks::worker::WorkerConfig {
                    retry_base: std::time::Duration::from_secs(webhook_retry_seconds),
                    lease: std::time::Duration::from_secs(webhook_lease_seconds),
                    keep: std::time::Duration::from_secs(outbox_keep_days * 86_400),
                    smtp: smtp_url.map(|url| xaphuong_web::webhooks::email::SmtpSettings {
                        url,
                        from: smtp_from,
                    }),
                    ..Default::default()
                },
                ..WebConfig::default()
            };
            commands::serve::run(&database, &listen, demo, config).await
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
            commands::demo::seed(&open().await?, &size).await
        }
        Command::Migrate => commands::migrate::run(&database).await,
        Command::Report {
            command:
                ReportCommand::Resolution {
                    unit,
                    year,
                    format,
                    out,
                    as_of,
                    as_unit_of,
                    by_former_unit,
                },
        } => {
            let unit = commands::report::UnitAt {
                code: unit,
                on: as_unit_of,
                by_former: by_former_unit,
            };
            commands::report::resolution(&database, unit, year, format, out, as_of).await
        }
        Command::Standards { command } => {
            let store = open().await?;
            match command {
                StandardsCommand::List => commands::standards::list(&store).await,
                StandardsCommand::Add { file } => commands::standards::add(&store, &file).await,
            }
        }
        Command::Commune { command } => {
            let store = open().await?;
            match command {
                CommuneCommand::Export {
                    unit,
                    as_unit_of,
                    out,
                } => commands::commune::export(&store, &unit, as_unit_of.as_deref(), &out).await,
                CommuneCommand::Import { file, parent } => {
                    commands::commune::import(&store, &file, parent.as_deref()).await
                }
            }
        }
        Command::Backup { out } => commands::backup::run(&open().await?, &out).await,
        Command::Units {
            command:
                UnitsCommand::Convert {
                    file,
                    basis,
                    basis_date,
                    effective_on,
                    apply,
                },
        } => {
            let basis = xaphuong_store::reorganisations::Basis {
                basis,
                basis_date,
                effective_on,
            };
            commands::units::convert(&open().await?, &file, basis, apply).await
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
            commands::user::add(
                open(),
                username,
                full_name,
                role,
                unit,
                fields,
                password_stdin,
            )
            .await
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
