// Opens a notebook in the classic Jupyter Notebook UI with headless chromium (puppeteer-core), runs all cells through
// the Cell menu, and prints what the page shows for each code cell as one JSON object on stdout.
// Usage: node run-all-cells.cjs NOTEBOOK_URL CHROMIUM_PATH   (puppeteer-core found through NODE_PATH)
// Networking is cut except loopback: a name never resolves and any other request goes to a closed proxy port, so an
// output that needs a CDN shows it.
const puppeteer = require('puppeteer-core');

(async () => {
  const [url, chromium] = process.argv.slice(2);
  const browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1', '--proxy-server=http://127.0.0.1:9'],
  });
  const failedRequests = [];
  try {
    const page = await browser.newPage();
    page.on('requestfailed', request => failedRequests.push(request.url()));
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForFunction(() => window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel
      && Jupyter.notebook.kernel.is_connected() && !Jupyter.notebook.kernel_busy, { timeout: 60000 });
    await page.click('#celllink');
    await page.click('#run_all_cells > a');
    // Done when every cell has its execution count and the kernel is idle again.
    await page.waitForFunction(() => !Jupyter.notebook.kernel_busy && Jupyter.notebook.get_cells()
      .every(cell => typeof cell.input_prompt_number === 'number'), { timeout: 60000 });
    // Charts draw asynchronously once their output is in the page.
    await page.waitForFunction(() => [...document.querySelectorAll('.js-plotly-plot')]
      .every(plot => plot.querySelector('.main-svg')), { timeout: 15000 }).catch(() => {});
    const cells = await page.evaluate(() => [...document.querySelectorAll('.cell.code_cell')].map(cell => {
      const texts = selector => [...cell.querySelectorAll(selector)].map(element => element.innerText);
      return {
        prompt: cell.querySelector('.input_prompt').innerText.replace(/\s+/g, ' '),
        outputs: texts('.output_area .output_subarea'),
        streams: texts('.output_stream'),
        errors: texts('.output_error'),
        images: [...cell.querySelectorAll('.output_area img')].map(image => [image.naturalWidth, image.naturalHeight]),
        // Traces drawn per chart: 0 when plotly.js never ran (an empty box).
        charts: [...cell.querySelectorAll('.output_area .js-plotly-plot')]
          .map(plot => plot.querySelectorAll('.main-svg .trace').length),
      };
    }));
    console.log(JSON.stringify({ cells, failedRequests }));
  } finally {
    await browser.close();
  }
})().catch(error => {
  console.error(error.stack || String(error));
  process.exit(1);
});
