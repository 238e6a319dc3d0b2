//! `xaphuong demo` (and `serve --demo`): the demo ward, or a generated
//! province.

use xaphuong::demo::{self, ACCOUNTS, Outcome};
use xaphuong_store::Store;

use super::Failure;

pub(crate) async fn seed(store: &Store, size: &demo::Size) -> Result<(), Failure> {
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
