//! `xaphuong user add`.

use std::io::Read;

use xaphuong_core::access::Scope;
use xaphuong_core::audit::Actor;
use xaphuong_core::users::{Role, UserInput, validate_password};
use xaphuong_store::Store;

use super::Failure;

/// Creates an account, with the password read from standard input or
/// generated and printed.
pub(crate) async fn add(
    store: impl std::future::Future<Output = Result<Store, xaphuong_store::StoreError>>,
    username: String,
    full_name: String,
    role: String,
    unit: Option<String>,
    fields: Vec<String>,
    password_stdin: bool,
) -> Result<(), Failure> {
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
    let store = store.await?;
    let unit_id = match unit {
        Some(code) => Some(
            store
                .unit_by_code(&Scope::All, code.trim(), None)
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
