/**
 * The dashboard's page: a sign-in form that takes an API token, then the charts and tables,
 * drawn by `dashboard-script.ts` with Chart.js from our own install. No data is in the page:
 * the script reads `/api/v1/dashboard` with the token, so the page and its assets need none.
 */

/** The page's HTML; `base` is where the dashboard is mounted (`/dashboard`). */
export function renderDashboardPage(base: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cars Bot — dashboard</title>
<style>
:root{--fg:#1d2330;--muted:#667085;--line:#e4e7ec;--bg:#f6f7f9;--card:#fff;--bad:#b42318;--ok:#067647;--warn:#b54708}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:var(--fg);background:var(--bg)}
header{display:flex;align-items:center;gap:1rem;padding:.75rem 1.25rem;background:#101828;color:#fff}
header h1{font-size:1.05rem;margin:0;font-weight:600}header .meta{margin-left:auto;color:#d0d5dd;font-size:.85rem}
header a,header button{color:#fff}header button{background:none;border:1px solid #475467;border-radius:6px;padding:.2rem .6rem;cursor:pointer}
main{padding:1rem 1.25rem;display:grid;gap:1rem;grid-template-columns:repeat(auto-fit,minmax(420px,1fr))}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:.9rem 1rem}
.card h2{font-size:.95rem;margin:0 0 .15rem}.card p.note{margin:0 0 .5rem;color:var(--muted);font-size:.8rem}
.wide{grid-column:1/-1}.chart{position:relative;height:230px}
.split{display:flex;gap:1.25rem;flex-wrap:wrap}.split>*{flex:1 1 380px;min-width:0}
table{width:100%;border-collapse:collapse;font-size:.85rem}th,td{text-align:left;padding:.35rem .4rem;border-bottom:1px solid var(--line);vertical-align:top}
th{color:var(--muted);font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}
.pill{display:inline-block;white-space:nowrap;border-radius:99px;padding:0 .5rem;font-size:.78rem;font-weight:600}
.pill.ok{background:#ecfdf3;color:var(--ok)}.pill.down{background:#fef3f2;color:var(--bad)}.pill.idle{background:#f2f4f7;color:var(--muted)}
.err{color:var(--bad)}.reason{max-width:38rem;overflow-wrap:anywhere}
button.retry{border:1px solid #d0d5dd;background:#fff;border-radius:6px;padding:.15rem .6rem;cursor:pointer}
button.retry:disabled{opacity:.6;cursor:default}
#login{max-width:24rem;margin:12vh auto;background:var(--card);border:1px solid var(--line);border-radius:10px;padding:1.5rem}
#login h1{font-size:1.15rem;margin:0 0 .5rem}#login input{width:100%;padding:.5rem;margin:.5rem 0;border:1px solid #d0d5dd;border-radius:6px;font:inherit}
#login button{padding:.45rem 1rem;border:0;border-radius:6px;background:#1d4ed8;color:#fff;font:inherit;cursor:pointer}
.hidden{display:none!important}
</style></head>
<body data-state="signed-out">
<form id="login" autocomplete="off">
  <h1>Cars Bot dashboard</h1>
  <p>Sign in with an API token (one of <code>API_TOKENS</code>; <code>npm start</code> keeps its own in <code>.data/api-token</code>).</p>
  <label for="token">API token</label>
  <input id="token" name="token" type="password" required>
  <p id="login-error" class="err hidden"></p>
  <button type="submit">Sign in</button>
</form>
<div id="app" class="hidden">
<header><h1>Cars Bot</h1><span id="ui-link"></span><span class="meta" id="updated"></span><button id="sign-out" type="button">Sign out</button></header>
<main>
  <section class="card"><h2>Posts per hour by status</h2><p class="note">Posts received in the last 24 hours (UTC hours).</p><div class="chart"><canvas id="posts-chart"></canvas></div></section>
  <section class="card"><h2>Publishing rate</h2><p class="note" id="publish-note">Listings sent to our channel per minute, last hour, against the limit.</p><div class="chart"><canvas id="publish-chart"></canvas></div></section>
  <section class="card"><h2>AI usage per day</h2><p class="note" id="ai-note">OpenAI calls and tokens, and the estimated cost, last 7 days.</p><div class="chart"><canvas id="ai-chart"></canvas></div></section>
  <section class="card wide"><h2>Task queues</h2><p class="note">Tasks waiting for a worker, and the workers polling each queue (live: polled within the last 90 s). A queue with work and no live worker shows <span class="pill down">no worker</span>.</p>
    <div class="split"><div class="chart"><canvas id="queue-chart"></canvas></div>
    <table id="queues"><thead><tr><th>queue</th><th>kind</th><th class="num">backlog</th><th class="num">oldest</th><th class="num">pollers</th><th>workers</th></tr></thead><tbody></tbody></table></div></section>
  <section class="card wide"><h2>Channel watchers</h2><p class="note">One per channel read without the bot: its last poll, the cursor (last message handed to intake) and the lag (posts in the channel past the cursor at that poll).</p>
    <table id="watchers"><thead><tr><th>channel</th><th>state</th><th>last poll</th><th class="num">cursor</th><th class="num">lag</th><th>error</th></tr></thead><tbody></tbody></table></section>
  <section class="card wide"><h2>Latest failures</h2><p class="note">Failed posts, newest first. Retry resets the failed run to its start; finished steps are not paid for again.</p>
    <table id="failures"><thead><tr><th>post</th><th>step</th><th>reason</th><th>failed</th><th></th></tr></thead><tbody></tbody></table></section>
</main>
</div>
<script src="${base}/chart.umd.min.js"></script>
<script src="${base}/dashboard.js"></script>
</body></html>
`;
}
