const { test, expect } = require('@playwright/test');

test('public works: add a road through a group, finish and accept it, find it', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Tên đăng nhập').fill('chuyenmon');
  await page.getByLabel('Mật khẩu').fill('chuyenmon@01843');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('link', { name: 'Công trình', exact: true }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Công trình, tuyến đường dân sinh' })).toBeVisible();
  await page.getByRole('link', { name: 'Thêm công trình' }).click();

  // A road without its length is refused by name.
  await page.getByLabel('Tên công trình').fill('Bê tông hóa đường ngõ 7 tổ 5');
  await page.getByLabel('Loại', { exact: true }).selectOption('road_concrete');
  await page.getByLabel('Tổ 5', { exact: true }).check();
  await page.getByLabel('Ngày khởi công').fill('2026-03-02');
  await page.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByText('Tuyến đường bê tông hóa cần chiều dài (mét)')).toBeVisible();

  await page.getByLabel('Chiều dài (m)').fill('180');
  await page.getByLabel('Chiều rộng (m)').fill('3');
  await page.getByLabel('Nhân dân đóng góp bằng tiền (đồng)').fill('30.000.000');
  await page.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Bê tông hóa đường ngõ 7 tổ 5' })).toBeVisible();
  await expect(page.locator('dl.facts')).toContainText('Đang thi công');
  await expect(page.locator('dl.facts')).toContainText('Tổ 5');

  // Finished and accepted.
  await page.getByRole('link', { name: 'Sửa' }).click();
  await page.getByLabel('Ngày hoàn thành').fill('2026-06-20');
  await page.getByLabel('Ngày nghiệm thu').fill('2026-07-01');
  await page.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.locator('dl.facts')).toContainText('Đã nghiệm thu, đưa vào sử dụng');

  // Found among the year's accepted works.
  await page.goto('/works');
  await page.getByLabel('Tình trạng').selectOption('accepted');
  await page.getByLabel('Năm', { exact: true }).fill('2026');
  await page.getByRole('button', { name: 'Lọc' }).click();
  await expect(page.getByRole('link', { name: 'Bê tông hóa đường ngõ 7 tổ 5' })).toBeVisible();

  // The list as a workbook, and that workbook imported into the ward: a
  // file whose second work has a kind no one knows writes nothing.
  const exported = await page.request.get('/works/export.xlsx?state=accepted&year=2026');
  expect(exported.ok()).toBeTruthy();
  const csv = 'Tên công trình;Loại công trình;Tổ dân phố, thôn đi qua;Chiều dài (m)\n'
    + 'Rãnh thoát nước ngõ 3;Rãnh, cống thoát nước;Tổ 5;90\n'
    + 'Đường ngõ 4;Đường đất;Tổ 5;60\n';
  await page.goto('/works/import');
  await page.getByLabel('Tệp Excel (.xlsx) hoặc CSV UTF-8').setInputFiles({
    name: 'cong-trinh.csv', mimeType: 'text/csv', buffer: Buffer.from(csv),
  });
  await page.getByRole('button', { name: 'Kiểm tra và nhập' }).click();
  await expect(page.getByRole('cell', { name: 'Loại công trình', exact: true })).toBeVisible();
  await expect(page.getByRole('cell', { name: '3', exact: true })).toBeVisible();
  await page.getByLabel('Tệp Excel (.xlsx) hoặc CSV UTF-8').setInputFiles({
    name: 'cong-trinh.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: await exported.body(),
  });
  await page.getByRole('button', { name: 'Kiểm tra và nhập' }).click();
  await expect(page.getByRole('status')).toContainText(/Đã nhập \d+ công trình\./);
});
