const { test, expect } = require('@playwright/test');

async function signIn(page, user) {
  await page.goto('/login');
  await page.getByLabel('Tên đăng nhập').fill(user);
  await page.getByLabel('Mật khẩu').fill(`${user}@01843`);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

test('the 2022 rates open down to the households; a group head adds a household and reviews it', async ({ page }) => {
  await signIn(page, 'lanhdao');
  await page.goto('/households/reviews?year=2022');
  await expect(page.locator('#ty-le-ho-ngheo')).toContainText('14 / 1.500 = 0,93%');
  await expect(page.locator('#ty-le-gdvh')).toContainText('1.431 / 1.500 = 95,40%');
  await page.locator('#ty-le-ho-ngheo').getByRole('link').click();
  await expect(page.getByText('14 hộ', { exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Hộ nghèo năm 2022');
  await page.getByRole('button', { name: 'Đăng xuất' }).click();

  // The group head of tổ 5 keeps their own group's households.
  await signIn(page, 'totruong5');
  await page.goto('/households');
  await expect(page.getByText('150 hộ', { exact: true })).toBeVisible();
  await page.getByRole('link', { name: 'Thêm hộ' }).click();
  // The group head does not pick the code: the next of the group's series.
  await expect(page.getByLabel('Mã hộ')).toHaveCount(0);
  await page.getByLabel('Họ tên chủ hộ').fill('Lường Văn Quý');
  await page.getByLabel('Năm sinh chủ hộ').fill('1988');
  await page.getByLabel('Số định danh cá nhân của chủ hộ').fill('006088123456');
  await page.getByLabel('Địa chỉ').fill('Số 7, tổ 5');
  await page.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/PCK-T05-\d{4}/);
  // The group head sees the name, not the whole ID.
  await expect(page.getByRole('cell', { name: '006******456' })).toBeVisible();

  await page.getByPlaceholder('Thu nhập bình quân (đ/người/tháng)').fill('1.900.000');
  await page.getByPlaceholder('Chỉ số thiếu hụt, ví dụ 1;4;9').fill('1;4;9');
  await page.getByRole('button', { name: 'Ghi kết quả rà soát' }).click();
  await expect(page.getByRole('cell', { name: 'Hộ nghèo', exact: true })).toBeVisible();
});
