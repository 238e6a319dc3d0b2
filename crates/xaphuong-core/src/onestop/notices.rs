//! What a citizen who gave an e-mail address is told of their dossier, in
//! Vietnamese: that it was received, that it needs papers added, that it is
//! late (with the apology and the new date, NĐ 118/2025 Art. 19(6)), that
//! its result is ready or was returned — with the code, the lookup link and
//! what to do next.

/// The events a citizen is told of.
pub fn told(kind: &str) -> bool {
    matches!(
        kind,
        "dossier.received"
            | "dossier.supplement_requested"
            | "dossier.apologised"
            | "dossier.resolved"
            | "dossier.returned"
            | "problem.filed"
            | "problem.updated"
    )
}

/// What the message says of the dossier.
#[derive(Debug, Clone, Default)]
pub struct Facts<'a> {
    pub code: &'a str,
    pub procedure: &'a str,
    /// "16:30 10/12/2026", or empty.
    pub due: &'a str,
    /// The officer's reason or note of the step.
    pub note: &'a str,
    /// The public lookup with the receipt's key, or empty when the
    /// deployment has no public address.
    pub link: &'a str,
}

/// A message: its subject and plain-text body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub subject: String,
    pub body: String,
}

/// The message of an event of kind `kind`, if citizens are told of it.
pub fn notice(kind: &str, f: &Facts<'_>) -> Option<Notice> {
    let (subject, what, next) = match kind {
        "dossier.received" => (
            "Đã nhận hồ sơ",
            "Bộ phận một cửa đã nhận hồ sơ của Ông/Bà.".to_owned(),
            if f.due.is_empty() {
                "Hồ sơ nộp trực tuyến hoặc qua bưu chính sẽ được kiểm tra trong 8 giờ làm việc; Ông/Bà sẽ nhận thư khi có kết quả kiểm tra.".to_owned()
            } else {
                format!("Ngày hẹn trả kết quả: {}.", f.due)
            },
        ),
        "dossier.supplement_requested" => (
            "Cần bổ sung hồ sơ",
            format!("Hồ sơ của Ông/Bà cần bổ sung, hoàn thiện: {}", f.note),
            "Ông/Bà vui lòng bổ sung giấy tờ tại bộ phận một cửa (hoặc trực tuyến); thời hạn giải quyết tính lại từ khi nhận đủ hồ sơ.".to_owned(),
        ),
        "dossier.apologised" => (
            "Xin lỗi vì hồ sơ trễ hẹn",
            format!(
                "Hồ sơ của Ông/Bà chưa giải quyết được đúng hẹn. Lý do: {}. Chúng tôi thành thật xin lỗi Ông/Bà.",
                f.note
            ),
            format!("Ngày hẹn trả kết quả mới: {}.", f.due),
        ),
        "dossier.resolved" => (
            "Đã có kết quả",
            "Hồ sơ của Ông/Bà đã giải quyết xong.".to_owned(),
            "Ông/Bà đến bộ phận một cửa nhận kết quả (mang theo giấy tiếp nhận), hoặc chờ nhận qua bưu chính nếu đã đăng ký.".to_owned(),
        ),
        "dossier.returned" => (
            "Đã trả kết quả",
            "Kết quả giải quyết hồ sơ của Ông/Bà đã được trả.".to_owned(),
            "Ông/Bà có thể đánh giá mức độ hài lòng tại địa chỉ tra cứu dưới đây.".to_owned(),
        ),
        "problem.filed" => (
            "Đã nhận phản ánh",
            "Ủy ban nhân dân đã nhận phản ánh của Ông/Bà và chuyển đến bộ phận phụ trách.".to_owned(),
            format!("Hạn xử lý: {}.", f.due),
        ),
        "problem.updated" => (
            "Phản ánh có cập nhật",
            format!("Phản ánh của Ông/Bà có cập nhật: {}", f.note),
            "Ông/Bà xem toàn bộ quá trình xử lý tại địa chỉ tra cứu dưới đây.".to_owned(),
        ),
        _ => return None,
    };
    let (code_line, what_line, look) = if kind.starts_with("problem.") {
        ("Mã phản ánh", "Nội dung", "Tra cứu phản ánh")
    } else {
        ("Mã hồ sơ", "Thủ tục", "Tra cứu hồ sơ")
    };
    let mut body = format!(
        "Kính gửi Ông/Bà,\n\n{what}\n\n{code_line}: {}\n{what_line}: {}\n\n{next}\n",
        f.code, f.procedure
    );
    if !f.link.is_empty() {
        body.push_str(&format!("\n{look}: {}\n", f.link));
    }
    body.push_str("\nThư này được gửi tự động, xin đừng trả lời.\n");
    Some(Notice {
        subject: format!("[{}] {subject}", f.code),
        body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_supplement_and_an_apology_say_why_and_when() {
        let f = Facts {
            code: "000.00.00.X01843-261207-0001",
            procedure: "Đăng ký khai sinh",
            due: "16:30 10/12/2026",
            note: "Thiếu giấy chứng sinh",
            link: "https://motcua.example.vn/tra-cuu?ma=X&khoa=Y",
        };
        let n = notice("dossier.supplement_requested", &f).unwrap();
        assert_eq!(
            n.subject,
            "[000.00.00.X01843-261207-0001] Cần bổ sung hồ sơ"
        );
        assert!(n.body.contains("Thiếu giấy chứng sinh"));
        assert!(
            n.body
                .contains("Tra cứu hồ sơ: https://motcua.example.vn/tra-cuu?ma=X&khoa=Y")
        );
        let n = notice("dossier.apologised", &f).unwrap();
        assert!(
            n.body
                .contains("Ngày hẹn trả kết quả mới: 16:30 10/12/2026")
        );
        assert!(notice("dossier.assigned", &f).is_none());
        assert!(!told("dossier.assigned") && told("dossier.returned"));
        let quiet = Facts { link: "", ..f };
        assert!(
            !notice("dossier.returned", &quiet)
                .unwrap()
                .body
                .contains("Tra cứu")
        );
    }
}
