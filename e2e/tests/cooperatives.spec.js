const { test, expect } = require('@playwright/test');

test('cooperatives: a new cooperative with a support and a grade, found among those founded in its year', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Tên đăng nhập').fill('chuyenmon');
  await page.getByLabel('Mật khẩu').fill('chuyenmon@01843');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('link', { name: 'Hợp tác xã', exact: true }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sổ theo dõi hợp tác xã' })).toBeVisible();
  await page.getByRole('link', { name: 'Thêm hợp tác xã' }).click();

  // With no members and its capital in words: refused by field.
  await page.getByLabel('Xã, phường hoặc tổ dân phố').selectOption({ label: 'Tổ 5' });
  await page.getByLabel('Tên hợp tác xã').fill('Hợp tác xã nấm sạch Tổ 5');
  await page.getByLabel('Ngày đăng ký thành lập').fill('2026-10-20');
  await page.getByLabel('Ngành, nghề kinh doanh').fill('Trồng nấm sò, nấm mộc nhĩ');
  await page.getByLabel('Số thành viên').fill('0');
  await page.getByLabel('Vốn điều lệ (đồng)').fill('hai trăm triệu');
  await page.getByRole('button', { name: 'Lưu', exact: true }).click();
  await expect(page.getByText('Số thành viên không hợp lệ (số nguyên, ví dụ 12)')).toBeVisible();
  await expect(page.getByText('Vốn điều lệ không hợp lệ (số đồng, ví dụ 500.000.000)')).toBeVisible();
  await page.getByLabel('Số thành viên').fill('8');
  await page.getByLabel('Vốn điều lệ (đồng)').fill('200.000.000');
  await page.getByRole('button', { name: 'Lưu', exact: true }).click();

  // The record page: a support under the province's policy, then the
  // year's grade, refused while it disagrees with the score.
  await expect(page.getByRole('heading', { level: 1, name: 'Hợp tác xã nấm sạch Tổ 5' })).toBeVisible();
  await page.getByLabel('Chính sách hỗ trợ').fill('Nghị quyết 08/2017/NQ-HĐND tỉnh Bắc Kạn');
  await page.getByLabel('Nội dung hỗ trợ').fill('Hỗ trợ lán trại, giá thể trồng nấm');
  await page.getByLabel('Số tiền hỗ trợ (đồng)').fill('50.000.000');
  await page.getByRole('button', { name: 'Thêm khoản hỗ trợ' }).click();
  await expect(page.getByRole('cell', { name: 'Hỗ trợ lán trại, giá thể trồng nấm' })).toBeVisible();
  await expect(page.getByRole('cell', { name: '50.000.000' })).toBeVisible();
  await page.getByLabel('Xếp loại', { exact: true }).selectOption('good');
  await page.getByLabel('Điểm (thang 100, nếu có)').fill('70');
  await page.getByRole('button', { name: 'Lưu xếp loại' }).click();
  await expect(page.getByText('70 điểm là loại Khá')).toBeVisible();
  await page.getByLabel('Xếp loại', { exact: true }).selectOption('fair');
  await page.getByRole('button', { name: 'Lưu xếp loại' }).click();
  await expect(page.getByRole('cell', { name: 'Khá', exact: true })).toBeVisible();

  // Listed among the cooperatives founded in 2026.
  await page.getByRole('link', { name: 'Hợp tác xã', exact: true }).first().click();
  await page.getByLabel('Năm thành lập').fill('2026');
  await page.getByRole('button', { name: 'Lọc' }).click();
  await expect(page.getByRole('link', { name: 'Hợp tác xã nấm sạch Tổ 5' })).toBeVisible();
  await expect(page.locator('main')).toContainText('thành lập năm 2026');
});
