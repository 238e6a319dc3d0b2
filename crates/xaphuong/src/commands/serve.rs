//! `xaphuong serve`: the web server.

use xaphuong::Application;
use xaphuong_core::audit::Actor;
use xaphuong_store::{Store, redact_url};
use xaphuong_web::WebConfig;

use super::Failure;

/// Opens the database (catalogues in place, demo data if asked) and
/// serves until Ctrl+C or SIGTERM.
pub(crate) async fn run(
    database: &str,
    listen: &str,
    demo: bool,
    config: WebConfig,
) -> Result<(), Failure> {
    let store = Store::open(database).await?;
    let catalogue = Actor::system("danh mục có sẵn");
    store.ensure_indicator_catalogue(&catalogue).await?;
    store.ensure_procedure_catalogue(&catalogue).await?;
    if demo {
        super::demo::seed(&store, &xaphuong::demo::Size::default()).await?;
    }
    let synchronous = store.sqlite_synchronous().await?;
    let app = Application::build(store, listen, config)
        .await
        .map_err(|e| Failure::Input(format!("Không mở được địa chỉ {listen}: {e}")))?;
    let addr = app
        .local_addr()
        .map_err(|e| Failure::Other(e.to_string()))?;
    match synchronous {
        Some(sync) => {
            tracing::info!(database = %redact_url(database), synchronous = sync, "database ready")
        }
        None => tracing::info!(database = %redact_url(database), "database ready"),
    }
    println!("xaphuong đang chạy tại http://{addr} (Ctrl+C để dừng)");
    app.run_until_stopped(shutdown_signal())
        .await
        .map_err(|e| Failure::Other(e.to_string()))?;
    Ok(())
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
