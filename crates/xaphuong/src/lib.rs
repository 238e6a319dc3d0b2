//! The xaphuong application: the server and the commands around it.

pub mod calendar;
pub mod demo;

use std::future::Future;
use std::net::SocketAddr;

use tokio::net::TcpListener;
use xaphuong_store::Store;
use xaphuong_web::WebConfig;

/// A server bound to its address, ready to run. Binding first lets tests ask
/// for port 0 and learn the port before any request.
pub struct Application {
    listener: TcpListener,
    router: axum::Router,
    store: Store,
    webhooks: xaphuong_web::webhooks::worker::WorkerConfig,
}

impl Application {
    pub async fn build(store: Store, listen: &str, config: WebConfig) -> std::io::Result<Self> {
        let listener = TcpListener::bind(listen).await?;
        let mut webhooks = config.webhooks.clone();
        webhooks.public_url = config.public_url.clone();
        let router = xaphuong_web::app(store.clone(), config);
        Ok(Self {
            listener,
            router,
            store,
            webhooks,
        })
    }

    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or(0)
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until `shutdown` completes, then finishes the requests in
    /// flight. Expired sessions are swept hourly meanwhile, and the outbox's
    /// events delivered to their webhooks.
    pub async fn run_until_stopped(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let store = self.store.clone();
        let sweeper = tokio::spawn(async move {
            let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
            loop {
                every.tick().await;
                match store.sweep_sessions().await {
                    Ok(n) if n > 0 => tracing::info!(removed = n, "expired sessions swept"),
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "session sweep failed"),
                }
            }
        });
        let deliveries = tokio::spawn(xaphuong_web::webhooks::worker::run(
            self.store.clone(),
            self.webhooks.clone(),
        ));
        let result = axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await;
        sweeper.abort();
        deliveries.abort();
        self.store.close().await;
        result
    }
}
