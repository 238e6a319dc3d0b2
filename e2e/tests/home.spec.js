const { test, expect } = require('@playwright/test');

async function signIn(page, user) {
  await page.goto('/login');
  await page.getByLabel('Tên đăng nhập').fill(user);
  await page.getByLabel('Mật khẩu').fill(`${user}@01843`);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

test("a leader's home: what needs attention, each leading to its list", async ({ page }) => {
  await signIn(page, 'lanhdao');
  const attention = page.locator('section.attention');
  await expect(attention.getByRole('heading', { name: 'Cần chú ý' })).toBeVisible();
  const items = [
    ['Hồ sơ một cửa quá hạn', /\/dossiers\?view=overdue$/],
    ['Hồ sơ đến hạn trong một ngày làm việc', /\/dossiers\?view=soon$/],
    ['Vụ vi phạm quá hạn khắc phục', /\/violations\?overdue=1$/],
    ['Công trình chậm tiến độ', /\/works\?behind=1$/],
  ];
  for (const [name, url] of items) {
    const link = attention.getByRole('link', { name });
    await expect(link).toBeVisible();
    // Each with its count.
    await expect(link.locator('xpath=..')).toContainText(/: \d+/);
    await link.click();
    await expect(page).toHaveURL(url);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.goBack();
  }
  // The overdue list holds as many cases as the home page counted.
  const counted = await attention
    .getByRole('listitem')
    .filter({ hasText: 'Vụ vi phạm quá hạn khắc phục' })
    .locator('strong')
    .innerText();
  await attention.getByRole('link', { name: 'Vụ vi phạm quá hạn khắc phục' }).click();
  await expect(page.locator('main')).toContainText(`${counted} vụ việc`);
  // And the works behind schedule as many as it counted, the demo's road among them.
  await page.goto('/');
  const late = await attention
    .getByRole('listitem')
    .filter({ hasText: 'Công trình chậm tiến độ' })
    .locator('strong')
    .innerText();
  await attention.getByRole('link', { name: 'Công trình chậm tiến độ' }).click();
  await expect(page.locator('main')).toContainText(`${late} công trình`);
  await expect(page.getByRole('link', { name: 'Bê tông hóa đường vào khu dân cư Nà Cạo' })).toBeVisible();
  // The months of the year, drawn, described for screen readers.
  await page.goto('/');
  const chart = page.getByRole('img', { name: /Hồ sơ tiếp nhận và tỷ lệ giải quyết đúng hạn theo tháng/ });
  await expect(chart).toBeVisible();
});

test("an officer's home: their own queue", async ({ page }) => {
  await signIn(page, 'motcua');
  const mine = page.locator('section.attention').getByRole('link', { name: 'Hồ sơ đang giao cho tôi' });
  await expect(mine).toBeVisible();
  await mine.click();
  await expect(page).toHaveURL(/\/dossiers\?view=mine$/);
});
