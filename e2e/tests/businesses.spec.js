const { test, expect } = require('@playwright/test');

test('business households and tax: a household registered, a council meeting, a debt followed up until paid', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Tên đăng nhập').fill('chuyenmon');
  await page.getByLabel('Mật khẩu').fill('chuyenmon@01843');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('link', { name: 'Hộ kinh doanh, thuế', exact: true }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sổ theo dõi hộ kinh doanh' })).toBeVisible();
  await page.getByRole('link', { name: 'Thêm hộ kinh doanh' }).click();

  // Closed without its day, and capital in words: refused by field.
  await page.getByLabel('Tên hộ kinh doanh').fill('Hộ kinh doanh Bánh cuốn Thanh');
  await page.getByLabel('Chủ hộ kinh doanh').fill('Lương Thị Thanh');
  await page.getByLabel('Địa điểm kinh doanh').fill('Số 21, đường Trường Chinh');
  await page.getByLabel('Ngành, nghề kinh doanh').fill('Dịch vụ ăn uống');
  await page.getByLabel('Số đăng ký hộ kinh doanh').fill('13B0000777');
  await page.getByLabel('Ngày đăng ký').fill('2026-11-02');
  await page.getByLabel('Vốn kinh doanh (đồng)').fill('năm mươi triệu');
  await page.getByLabel('Tình trạng').selectOption('closed');
  await page.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByText('Vốn kinh doanh không hợp lệ (số đồng, ví dụ 50.000.000)')).toBeVisible();
  await expect(page.getByText('Ghi ngày tạm ngừng hoặc chấm dứt hoạt động')).toBeVisible();
  await page.getByLabel('Vốn kinh doanh (đồng)').fill('50.000.000');
  await page.getByLabel('Tình trạng').selectOption('active');
  await page.getByRole('button', { name: 'Lưu' }).click();

  // Its page says how it pays tax this year: by its own declaration.
  await expect(page.getByRole('heading', { level: 1, name: 'Hộ kinh doanh Bánh cuốn Thanh' })).toBeVisible();
  await expect(page.locator('main')).toContainText('Tự khai theo doanh thu thực tế');
  await page.getByRole('link', { name: 'Hộ kinh doanh', exact: true }).first().click();
  await page.getByLabel('Năm đăng ký').fill('2026');
  await page.getByRole('button', { name: 'Lọc' }).click();
  await expect(page.getByRole('link', { name: 'Hộ kinh doanh Bánh cuốn Thanh' })).toBeVisible();

  // The tax advisory council's meeting of the year.
  await page.getByRole('link', { name: 'Thuế, nợ thuế' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Thuế hộ kinh doanh năm');
  await page.getByLabel('Nội dung').fill('Rà soát hộ kinh doanh chưa kê khai thuế quý IV');
  await page.getByLabel('Số hộ được xem xét').fill('12');
  await page.getByRole('button', { name: 'Ghi cuộc họp' }).click();
  await expect(page.getByRole('cell', { name: 'Rà soát hộ kinh doanh chưa kê khai thuế quý IV' })).toBeVisible();

  // A debt of the tax office's list, paid after a reminder.
  await page.getByRole('link', { name: 'Mọi khoản nợ thuế' }).click();
  await page.getByRole('link', { name: 'Vi Thị Hằng' }).click();
  await expect(page.locator('main')).toContainText('Còn nợ');
  await page.getByLabel('Việc đã làm').selectOption('payment');
  await page.getByLabel('Số tiền đã nộp (đồng, khi nộp tiền)').fill('2.600.000');
  await page.getByRole('button', { name: 'Ghi', exact: true }).click();
  await expect(page.locator('main')).toContainText('Đã nộp đủ');
  await expect(page.getByRole('cell', { name: '2.600.000 đ' })).toBeVisible();
});
