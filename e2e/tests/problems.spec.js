const { test, expect } = require('@playwright/test');

// An 8×8 grey JPEG, as a phone's camera would send a photo (the smallest a
// browser shows).
function greyJpeg() {
  const bytes = [0xff, 0xd8,
    0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0,
    0xff, 0xdb, 0x00, 0x43, 0x00, ...Array(64).fill(1),
    0xff, 0xc0, 0x00, 0x0b, 8, 0, 8, 0, 8, 1, 1, 0x11, 0];
  for (const cls of [0x00, 0x10]) bytes.push(0xff, 0xc4, 0x00, 0x14, cls, 1, ...Array(16).fill(0));
  bytes.push(0xff, 0xda, 0x00, 0x08, 1, 1, 0x00, 0, 0x3f, 0, 0x3f, 0xff, 0xd9);
  return Buffer.from(bytes);
}

test('a citizen on a phone reports a blocked escape route; the officer opens a case and answers; the citizen reads the answer', async ({ browser, baseURL }) => {
  // The citizen: a phone-size screen, no account.
  const phone = await browser.newContext({
    baseURL, locale: 'vi-VN', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true,
  });
  const citizen = await phone.newPage();
  await citizen.goto('/phan-anh');
  await citizen.getByLabel('Xã, phường').selectOption({ label: 'Phường Bắc Kạn' });
  await citizen.getByRole('button', { name: 'Chọn' }).click();
  await citizen.getByLabel('Vấn đề').selectOption('escape_route');
  await citizen.getByLabel('Mô tả').fill('Lối thoát hiểm tầng 1 chung cư mini bị khóa bằng xích');
  await citizen.getByLabel('Địa điểm (số nhà, ngõ, đường hoặc nơi dễ nhận biết)').fill('Số 18 ngõ 3 đường Trường Chinh');
  await citizen.getByLabel('Tổ dân phố (nếu biết)').selectOption({ index: 1 });
  await citizen.getByLabel(/^Ảnh chụp/).setInputFiles({ name: 'loi-thoat-hiem.jpg', mimeType: 'image/jpeg', buffer: greyJpeg() });
  await citizen.getByLabel('Họ và tên').fill('Đoàn Thị Báo');
  await citizen.getByLabel('Số điện thoại').fill('0987 654 321');
  // The form fits the phone: no sideways scrolling.
  const width = await citizen.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
  await citizen.getByRole('button', { name: 'Gửi phản ánh' }).click();
  await expect(citizen.getByRole('status')).toContainText('Đã gửi phản ánh');
  const code = (await citizen.locator('#ma-phan-anh').textContent()).trim();
  const key = (await citizen.locator('#ma-tra-cuu').textContent()).trim();
  expect(code).toMatch(/^PA[0-9A-Z]{8}$/);

  // The officer: the report in the queue with its deadline.
  const desk = await browser.newContext({ baseURL, locale: 'vi-VN' });
  const officer = await desk.newPage();
  await officer.goto('/login');
  await officer.getByLabel('Tên đăng nhập').fill('chuyenmon');
  await officer.getByLabel('Mật khẩu').fill('chuyenmon@01843');
  await officer.getByRole('button', { name: 'Đăng nhập' }).click();
  await officer.getByRole('link', { name: 'Phản ánh hiện trường', exact: true }).first().click();
  const row = officer.getByRole('row').filter({ hasText: code });
  await expect(row).toContainText('Lối thoát hiểm');
  await expect(row).toContainText(/\d\d:\d\d \d\d\/\d\d\/\d{4}/);
  await row.getByRole('link', { name: code }).click();
  await expect(officer.locator('#han-xu-ly')).toContainText(/\d\d\/\d\d\/\d{4}/);
  await expect(officer.locator('main')).toContainText('Đoàn Thị Báo');
  await expect(officer.getByRole('img', { name: 'Ảnh 1' })).toBeVisible();
  // The violation case, opened from the report.
  await officer.getByLabel('Hộ, cá nhân, tổ chức vi phạm').fill('Chủ chung cư mini số 18');
  await officer.getByRole('button', { name: 'Lập hồ sơ vụ vi phạm' }).click();
  await expect(officer).toHaveURL(/\/violations\//);
  await expect(officer.locator('main')).toContainText('Chủ chung cư mini số 18');
  await officer.goBack();
  await officer.reload();
  await expect(officer.getByRole('link', { name: 'Hồ sơ vụ vi phạm' })).toBeVisible();
  // The answer (the category goes straight to this officer in the demo).
  await officer.getByLabel('Thao tác').selectOption('answer');
  await officer.getByLabel('Ghi chú công khai (trả lời người phản ánh)').fill('Đã lập biên bản; chủ nhà đã tháo xích, lối thoát hiểm thông thoáng');
  await officer.getByRole('button', { name: 'Ghi' }).click();
  await expect(officer.locator('main')).toContainText('Đã trả lời');

  // The citizen reads the answer by code and key.
  await citizen.goto('/phan-anh/tra-cuu');
  await citizen.getByLabel('Mã phản ánh').fill(code);
  await citizen.getByLabel('Mã tra cứu').fill(key);
  await citizen.getByRole('button', { name: 'Tra cứu' }).click();
  await expect(citizen.locator('#trang-thai')).toHaveText('Đã trả lời');
  await expect(citizen.locator('#tra-loi')).toContainText('lối thoát hiểm thông thoáng');
  await expect(citizen.locator('main')).toContainText('bị khóa bằng xích');

  // The public list: the report and its answer, no personal data, the
  // text not yet published.
  await citizen.goto('/phan-anh/cong-khai');
  await citizen.getByLabel('Xã, phường').selectOption({ label: 'Phường Bắc Kạn' });
  await citizen.getByRole('button', { name: 'Lọc' }).click();
  const listed = citizen.getByRole('row').filter({ hasText: code });
  await expect(listed).toContainText('lối thoát hiểm thông thoáng');
  await expect(citizen.locator('main')).not.toContainText('Đoàn Thị Báo');
  await expect(citizen.locator('main')).not.toContainText('0987');
  await listed.getByRole('link', { name: code }).click();
  await expect(citizen.locator('main')).toContainText('Đang chờ kiểm duyệt');
  await expect(citizen.locator('main')).not.toContainText('bị khóa bằng xích');
  await phone.close();
  await desk.close();
});
