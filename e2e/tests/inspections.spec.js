const { test, expect } = require('@playwright/test');

test('sidewalk inspections: figures, add an inspection and a case, edit, search, export', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Tên đăng nhập').fill('chuyenmon');
  await page.getByLabel('Mật khẩu').fill('chuyenmon@01843');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.goto('/inspections?year=2021');
  await expect(page.getByText('70 trường hợp được kiểm tra')).toBeVisible();

  await page.getByRole('link', { name: 'Thêm đợt kiểm tra' }).click();
  await page.getByLabel('Tuyến đường, địa bàn').fill('Chợ Bắc Kạn');
  await page.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByText('Chợ Bắc Kạn')).toBeVisible();

  await page.getByLabel('Hộ, cơ sở kinh doanh, người vi phạm').fill('Quầy hoa quả bà Đặng Thị Liên');
  await page.getByLabel('Loại vi phạm').selectOption('goods');
  await page.getByLabel('Kết quả xử lý').selectOption('removed');
  await page.getByRole('button', { name: 'Ghi trường hợp' }).click();
  await expect(page.getByRole('cell', { name: 'Quầy hoa quả bà Đặng Thị Liên' })).toBeVisible();

  await page.getByRole('link', { name: 'Sửa' }).click();
  await page.getByLabel('Tuyến đường, địa bàn').fill('Chợ Bắc Kạn và đường Trường Chinh');
  await page.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByText('Chợ Bắc Kạn và đường Trường Chinh')).toBeVisible();

  await page.goto('/inspections');
  await page.getByPlaceholder('Tuyến đường, lực lượng, hộ vi phạm (gõ không dấu được)').fill('dang thi lien');
  await page.getByRole('button', { name: 'Lọc' }).click();
  await expect(page.getByText('1 đợt kiểm tra')).toBeVisible();

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Xuất Excel' }).click();
  expect((await download).suggestedFilename()).toBe('kiem-tra-via-he.xlsx');
});
