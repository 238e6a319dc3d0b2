const { test, expect } = require('@playwright/test');

async function signIn(page, who) {
  await page.context().clearCookies();
  await page.goto('/login');
  await page.getByLabel('Tên đăng nhập').fill(who);
  await page.getByLabel('Mật khẩu').fill(`${who}@01843`);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

// One step offered on the dossier page, with its fields.
function offer(page, name) {
  return page.locator('form.offer', { has: page.getByRole('button', { name, exact: true }) });
}

test('a citizen files online; the ward handles it; the citizen finds it by code and key and rates it', async ({ page }) => {
  await page.context().clearCookies();
  await page.goto('/nop-ho-so');
  // Since 1 July 2025 the city's wards are Phường Bắc Kạn and Phường Đức Xuân.
  await page.getByLabel('Nộp tại xã, phường').selectOption({ label: 'Phường Bắc Kạn' });
  await page.getByLabel('Thủ tục hành chính').selectOption({ label: 'Hộ tịch — Đăng ký khai sinh' });
  await page.getByLabel('Họ và tên').fill('Lò Văn Khánh');
  await page.getByLabel('Số điện thoại').fill('0987 654 321');
  await page.getByRole('button', { name: 'Gửi hồ sơ' }).click();
  const code = (await page.locator('#ma-ho-so').textContent()).trim();
  expect(code).toMatch(/^000\.00\.00\.X01843-\d{6}-\d{4}$/);
  const key = (await page.locator('#ma-tra-cuu').textContent()).trim();
  expect(key).toMatch(/^[0-9A-F]{5}-[0-9A-F]{5}$/);

  await signIn(page, 'motcua');
  await page.getByRole('link', { name: 'Một cửa', exact: true }).click();
  await page.getByPlaceholder('Mã hồ sơ hoặc người nộp (gõ không dấu được)').fill('lo van khanh');
  await page.getByRole('button', { name: 'Lọc' }).click();
  await page.getByRole('link', { name: code }).click();
  await expect(page.getByText('Mới đăng ký').first()).toBeVisible();
  await offer(page, 'Tiếp nhận').getByRole('button').click();
  await expect(page.getByText('Được tiếp nhận').first()).toBeVisible();
  await offer(page, 'Chuyển công chức chuyên môn').getByRole('button').click();
  const url = page.url();

  await signIn(page, 'chuyenmon');
  await page.goto('/dossiers?view=mine');
  await page.getByRole('link', { name: code }).click();
  await offer(page, 'Trình lãnh đạo').getByRole('button').click();
  await expect(page.getByText('Lãnh đạo phê duyệt').first()).toBeVisible();

  await signIn(page, 'lanhdao');
  await page.goto(url);
  await offer(page, 'Phê duyệt').getByRole('button').click();
  await expect(page.getByText('Đã xử lý xong').first()).toBeVisible();

  await signIn(page, 'motcua');
  await page.goto(url);
  await offer(page, 'Trả kết quả').getByRole('button').click();
  await expect(page.locator('table.facts').getByText('Đã trả kết quả')).toBeVisible();

  await page.context().clearCookies();
  await page.goto('/tra-cuu');
  await page.getByLabel('Mã hồ sơ').fill(code);
  await page.getByRole('button', { name: 'Tra cứu' }).click();
  // By code alone: the status, not the name.
  await expect(page.locator('table.facts').getByText('Đã trả kết quả')).toBeVisible();
  await expect(page.getByText('Lò V. K.')).toHaveCount(0);
  await page.getByLabel('Mã tra cứu').fill(key);
  await page.getByRole('button', { name: 'Tra cứu' }).click();
  await expect(page.getByText('Lò V. K.')).toBeVisible();
  await expect(page.getByText('Lò Văn Khánh')).toHaveCount(0);
  await page.getByLabel('Rất hài lòng').check();
  await page.getByRole('button', { name: 'Gửi đánh giá' }).click();
  await expect(page.getByText('Cảm ơn bạn đã đánh giá')).toBeVisible();
});

test('a supplement is asked once, and a late dossier gets an apology and a new date', async ({ page }) => {
  await signIn(page, 'motcua');
  await page.goto('/dossiers/new');
  await page.getByLabel('Thủ tục hành chính').selectOption({ label: 'Hộ tịch — Cấp Giấy xác nhận tình trạng hôn nhân (3 ngày làm việc)' });
  await page.getByLabel('Họ tên người nộp').fill('Hoàng Thị Mai');
  await page.getByRole('button', { name: 'Tiếp nhận và cấp mã hồ sơ' }).click();
  await expect(page.getByText('Được tiếp nhận').first()).toBeVisible();
  const url = page.url();
  await offer(page, 'Chuyển công chức chuyên môn').getByRole('button').click();

  await signIn(page, 'chuyenmon');
  await page.goto(url);
  const supplement = offer(page, 'Yêu cầu bổ sung hồ sơ');
  await supplement.getByLabel('Lý do').fill('Thiếu bản sao giấy chứng nhận kết hôn đã ly hôn');
  await supplement.getByRole('button').click();
  await expect(page.getByText('Yêu cầu bổ sung giấy tờ').first()).toBeVisible();
  await offer(page, 'Đã nhận đủ hồ sơ bổ sung').getByRole('button').click();
  // Asked once already: the step is no longer offered.
  await expect(offer(page, 'Yêu cầu bổ sung hồ sơ')).toHaveCount(0);

  const apology = offer(page, 'Xin lỗi, hẹn lại ngày trả');
  const due = new Date(Date.now() + 10 * 24 * 3600 * 1000).toISOString().slice(0, 10);
  await apology.getByLabel('Hẹn trả mới').fill(`${due}T16:00`);
  await apology.getByLabel('Lý do').fill('Chờ xác minh tại nơi cư trú trước đây');
  await apology.getByRole('button').click();
  await expect(page.getByText('(đã xin lỗi, hẹn lại)')).toBeVisible();
  await expect(offer(page, 'Xin lỗi, hẹn lại ngày trả')).toHaveCount(0);

  // The demo's year holds dossiers that were late; the overdue list is a click away.
  await page.goto('/dossiers?view=all&q=&status=returned');
  await expect(page.getByText(/\d+ hồ sơ/)).toBeVisible();
});
