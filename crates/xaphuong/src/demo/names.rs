//! Invented people and the ward's streets, shared by the registers so that
//! the same name comes back for the same number.

pub(super) const SURNAMES: [&str; 15] = [
    "Nguyễn", "Hoàng", "Nông", "Ma", "Triệu", "Lục", "Hà", "Lường", "Đặng", "Bế", "Dương", "Lý",
    "Vi", "Phạm", "Trần",
];
pub(super) const MIDDLE: [&str; 6] = ["Văn", "Thị", "Đức", "Thị Thu", "Minh", "Thị Kim"];
pub(super) const MEN: [&str; 13] = [
    "An", "Bình", "Cường", "Dũng", "Hùng", "Long", "Nam", "Phúc", "Quang", "Sơn", "Thắng", "Tuấn",
    "Khánh",
];
pub(super) const WOMEN: [&str; 10] = [
    "Hạnh", "Hòa", "Lan", "Mai", "Thủy", "Vân", "Yến", "Hương", "Nga", "Thảo",
];
pub(super) const STREETS: [&str; 6] = [
    "đường Trường Chinh",
    "đường Phùng Chí Kiên",
    "đường Dương Mạc Hiếu",
    "đường Trần Hưng Đạo",
    "đường Hùng Vương",
    "đường Nguyễn Văn Tố",
];

/// A plausible household head, the same for the same `i`.
pub(super) fn household(i: usize) -> String {
    let middle = MIDDLE[(i * 7) % MIDDLE.len()];
    let surname = SURNAMES[(i * 5 + 3) % SURNAMES.len()];
    if middle.starts_with("Thị") {
        format!(
            "Hộ bà {surname} {middle} {}",
            WOMEN[(i * 11 + 1) % WOMEN.len()]
        )
    } else {
        format!(
            "Hộ ông {surname} {middle} {}",
            MEN[(i * 11 + 1) % MEN.len()]
        )
    }
}
