/// The desk's pages as Mustache templates (hummingbird-project/swift-mustache). `{{x}}` escapes
/// HTML; the templates never use the unescaped forms for anything from the catalog.
enum Templates {
    static let all: [String: String] = [
        "layout": layout, "login": login, "queue": queue, "queue-main": queueMain, "lecture": lecture, "panel": panel,
        "reports": reports, "message": message, "films": films,
    ]

    static let films = """
        {{<layout}}
        {{$title}}教育片清单 · 微党课审核台{{/title}}
        {{$body}}
        <h1>{{month}} 教育片清单</h1>
        <form method="get" action="/films" class="month"><label>月份 <input type="month" name="month" value="{{month}}"></label> <button type="submit">查看</button></form>
        {{#done}}<p class="notice" role="status">已保存：本月清单 {{listed}} 部。</p>{{/done}}
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        <form method="post" action="/films">
          {{#viewer}}<input type="hidden" name="csrf" value="{{csrf}}">{{/viewer}}
          <input type="hidden" name="month" value="{{month}}">
          <table class="films">
            <thead><tr><th>列入</th><th>编号</th><th>片名</th><th>片长</th><th>专题</th></tr></thead>
            <tbody>
            {{#films}}<tr><td><input type="checkbox" name="film[]" value="{{id}}" aria-label="列入 {{title}}"{{#listed}} checked{{/listed}}></td><td>#{{id}}</td><td><a href="/lectures/{{id}}">{{title}}</a></td><td>{{length}}</td><td>{{theme}}</td></tr>
            {{/films}}
            {{^films}}<tr><td colspan="5">还没有已通过审核的教育片（把教育片放在“教育片”文件夹中导入，审核通过后即可列入）。</td></tr>{{/films}}
            </tbody>
          </table>
          <button type="submit">保存清单</button>
        </form>
        <p><a href="/films/notice?month={{month}}">观看预告（可打印，或复制到微信）</a></p>
        {{/body}}
        {{/layout}}
        """

    static let layout = """
        <!doctype html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{$title}}微党课审核台{{/title}}</title>
        <link rel="stylesheet" href="/static/desk.css">
        <link rel="icon" href="/static/icon.svg" type="image/svg+xml">
        </head>
        <body>
        <header class="top">
          <a class="brand" href="/queue">微党课审核台</a>
          {{#viewer}}
          <nav><a href="/queue">待审队列</a><a href="/films">教育片清单</a>{{#reports}}<a href="/reports">报表</a>{{/reports}}</nav>
          <form method="post" action="/logout" class="who">
            <input type="hidden" name="csrf" value="{{csrf}}">
            <span>{{name}}（{{role}}{{#scope}}·{{scope}}{{/scope}}）</span>
            <button type="submit" class="link">退出</button>
          </form>
          {{/viewer}}
        </header>
        <main>
        {{$body}}{{/body}}
        </main>
        <script src="/static/desk.js"></script>
        </body>
        </html>
        """

    static let login = """
        {{<layout}}
        {{$title}}登录 · 微党课审核台{{/title}}
        {{$body}}
        <section class="login">
          <h1>登录</h1>
          {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
          <form method="post" action="/login">
            <input type="hidden" name="csrf" value="{{csrf}}">
            <input type="hidden" name="next" value="{{next}}">
            <label>用户名 <input name="name" autocomplete="username" required value="{{name}}" autofocus></label>
            <label>密码 <input name="password" type="password" autocomplete="current-password" required></label>
            <button type="submit">登录</button>
          </form>
          <p class="hint">还没有密码？请管理员运行 <code>lectern user passwd 用户名</code> 设置。</p>
        </section>
        {{/body}}
        {{/layout}}
        """

    static let queue = """
        {{<layout}}
        {{$title}}{{heading}} · 微党课审核台{{/title}}
        {{$body}}{{{main}}}{{/body}}
        {{/layout}}
        """

    /// The queue's content, rendered once per catalog change and filter (QueueCache).
    static let queueMain = """
        <h1>{{heading}} <small>{{count}} 个</small></h1>
        <form class="filters" method="get" action="/queue">
          <input name="q" value="{{q}}" placeholder="搜索：标题、主讲人、拼音，或 org:春华镇 topic:党史" aria-label="搜索">
          <select name="status" aria-label="状态">
            {{#statuses}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/statuses}}
          </select>
          <select name="org" aria-label="组织">
            <option value="">全部组织</option>
            {{#organisations}}<option value="{{id}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/organisations}}
          </select>
          <button type="submit">筛选</button>
        </form>
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        {{^items}}<p class="empty">没有符合条件的节目。</p>{{/items}}
        <ul class="grid">
          {{#items}}
          <li class="card">
            <a href="/lectures/{{id}}" class="poster">{{#poster}}<img src="/lectures/{{id}}/poster" alt="" loading="lazy">{{/poster}}{{^poster}}<span class="noposter">无封面</span>{{/poster}}<span class="duration">{{duration}}</span></a>
            <div class="meta">
              <a href="/lectures/{{id}}" class="title">#{{id}} {{title}}</a>
              <div>{{organisation}} · {{speaker}}</div>
              <div class="age">{{status}} · 已等 {{age}} 天{{#deadline}} · 期限 {{deadline}}{{/deadline}}</div>
              {{#findings}}<div class="finding">检查：{{.}}</div>{{/findings}}
              {{#near}}<div class="near">疑似重复：{{.}}</div>{{/near}}
            </div>
          </li>
          {{/items}}
        </ul>
        <nav class="pages">{{#previous}}<a href="{{previous}}" rel="prev">← 上一页</a>{{/previous}} {{#next}}<a href="{{next}}" rel="next">下一页 →</a>{{/next}}</nav>
        """

    static let lecture = """
        {{<layout}}
        {{$title}}#{{id}} {{title}} · 微党课审核台{{/title}}
        {{$body}}
        <p class="back"><a href="/queue">← 返回队列</a>{{#nextId}}<a href="/lectures/{{nextId}}" id="next" class="next">下一个待审：#{{nextId}} {{nextTitle}} →</a>{{/nextId}}</p>
        <h1>#{{id}} {{title}} <span class="status status-{{statusCode}}" id="status">{{status}}</span></h1>
        {{#done}}<p class="done" role="status">{{done}}</p>{{/done}}
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        <div class="lecture">
          <div class="player">
            {{#hasVideo}}<video id="player" controls preload="metadata" playsinline src="/lectures/{{id}}/video"{{#poster}} poster="/lectures/{{id}}/poster"{{/poster}}></video>
            <p class="video-note{{^unplayable}} hidden{{/unplayable}}" id="video-note">这个视频的编码是 {{codec}}，有的浏览器无法播放。可以<a href="/lectures/{{id}}/video?download=1">下载原文件</a>，用电脑上的播放器观看。</p>
            <p class="download"><a href="/lectures/{{id}}/video?download=1">下载原文件</a></p>{{/hasVideo}}
            {{#sheet}}<h2>画面总览</h2><img class="sheet" src="/lectures/{{id}}/sheet" alt="画面总览">{{/sheet}}
          </div>
          <div class="facts">
            <table class="kv">
              {{#facts}}<tr><th>{{key}}</th><td>{{value}}</td></tr>{{/facts}}
            </table>
            {{#hasAttachments}}<h2>讲稿与课件</h2>
            <ul class="attachments">{{#attachments}}<li>{{role}}：<a href="/lectures/{{lectureId}}/attachments/{{id}}" download>{{name}}</a>（{{about}}）</li>{{/attachments}}</ul>{{/hasAttachments}}
            <h2>检查结果</h2>
            {{^findings}}<p class="ok">通过</p>{{/findings}}
            <ul class="findings">{{#findings}}<li>{{.}}</li>{{/findings}}</ul>
          </div>
        </div>
        {{#hasNear}}
        <h2>疑似重复（画面或声音相同的其他节目）</h2>
        <ul class="near-list">
          {{#near}}
          <li class="pair">
            <figure>{{#poster}}<img src="/lectures/{{lectureId}}/poster" alt="本节目">{{/poster}}<figcaption>本节目 #{{lectureId}}</figcaption></figure>
            <figure><img src="/lectures/{{lectureId}}/near/{{id}}/poster" alt="#{{id}}"><figcaption>{{#link}}<a href="/lectures/{{id}}">{{/link}}#{{id}} {{title}}{{#link}}</a>{{/link}}</figcaption></figure>
            <div class="similarity">{{evidence}}</div>
            <ul class="stretches">{{#ranges}}<li>{{kind}}：<a href="/lectures/{{lectureId}}/video#t={{at}}">本节目 {{atText}}</a> ≈ <a href="/lectures/{{lectureId}}/near/{{id}}/video#t={{otherAt}}">#{{id}} {{otherText}}</a></li>{{/ranges}}</ul>
          </li>
          {{/near}}
        </ul>
        {{/hasNear}}
        {{#hasScripts}}
        <h2>讲稿比对（与其他节目的讲稿或参考资料相同）</h2>
        <ul class="script-list">
          {{#scripts}}
          <li class="script-match">
            <p class="similarity">{{text}}</p>
            <table class="passages">
              <thead><tr><th>本节目 #{{lectureId}}</th><th>{{#link}}<a href="/lectures/{{otherId}}">{{/link}}{{otherLabel}}{{#link}}</a>{{/link}}</th></tr></thead>
              <tbody>{{#passages}}<tr><td>{{mine}}<span class="length">（相同 {{length}} 字）</span></td><td>{{theirs}}</td></tr>{{/passages}}</tbody>
            </table>
          </li>
          {{/scripts}}
        </ul>
        {{/hasScripts}}
        {{#canDecide}}
        <h2>审核</h2>
        <div class="actions">
          {{#canApprove}}{{#approveForm}}
          <details{{#open}} open{{/open}}>
            <summary>通过</summary>
            <form method="post" action="/lectures/{{id}}/decide" id="approve-form">
              <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="action" value="approve">
              {{#formError}}<p class="error" role="alert">{{formError}}</p>{{/formError}}
              <fieldset class="rubric"><legend>评分（可不填；填则四项都填，各 1–10 分）</legend>
                <label>内容 <input type="number" name="content" min="1" max="10" value="{{content}}"></label>
                <label>形式 <input type="number" name="form" min="1" max="10" value="{{form}}"></label>
                <label>语言 <input type="number" name="language" min="1" max="10" value="{{language}}"></label>
                <label>效果 <input type="number" name="effect" min="1" max="10" value="{{effect}}"></label>
                {{#scoreError}}<p class="error field-error" role="alert">{{scoreError}}</p>{{/scoreError}}
              </fieldset>
              <label>备注 <input name="note" value="{{note}}" maxlength="2000"></label>
              <button type="submit" id="approve">通过</button>
            </form>
          </details>
          {{/approveForm}}{{/canApprove}}
          {{#canReject}}{{#rejectForm}}
          <details{{#open}} open{{/open}}>
            <summary>退回</summary>
            <form method="post" action="/lectures/{{id}}/decide" data-confirm="确定退回这个节目吗？" id="reject-form">
              <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="action" value="reject">
              {{#formError}}<p class="error" role="alert">{{formError}}</p>{{/formError}}
              <fieldset><legend>原因（至少一项）</legend>{{#reasons}}<label class="check"><input type="checkbox" name="reason[]" value="{{code}}"{{#checked}} checked{{/checked}}> {{label}}</label>{{/reasons}}
                {{#reasonError}}<p class="error field-error" role="alert">{{reasonError}}</p>{{/reasonError}}</fieldset>
              {{#hasCites}}<fieldset><legend>照搬的节目或参考资料（原因选“内容照搬照抄”或“一份讲稿用几年”时）</legend>{{#cites}}<label class="check"><input type="checkbox" name="cite[]" value="{{code}}"{{#checked}} checked{{/checked}}> {{label}}</label>{{/cites}}
                {{#citeError}}<p class="error field-error" role="alert">{{citeError}}</p>{{/citeError}}</fieldset>{{/hasCites}}
              <label>备注 <input name="note" value="{{note}}" maxlength="2000"></label>
              <button type="submit">退回</button>
            </form>
          </details>
          {{/rejectForm}}{{/canReject}}
          {{#canRectify}}{{#rectifyForm}}
          <details{{#open}} open{{/open}}>
            <summary>限期整改</summary>
            <form method="post" action="/lectures/{{id}}/decide" id="rectify-form">
              <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="action" value="rectify">
              {{#formError}}<p class="error" role="alert">{{formError}}</p>{{/formError}}
              <fieldset><legend>原因（至少一项）</legend>{{#reasons}}<label class="check"><input type="checkbox" name="reason[]" value="{{code}}"{{#checked}} checked{{/checked}}> {{label}}</label>{{/reasons}}
                {{#reasonError}}<p class="error field-error" role="alert">{{reasonError}}</p>{{/reasonError}}</fieldset>
              <label>整改期限 <input type="date" name="deadline" value="{{deadline}}" min="{{today}}" required></label>
              {{#deadlineError}}<p class="error field-error" role="alert">{{deadlineError}}</p>
              <label class="check"><input type="checkbox" name="confirmDistant" value="1"> 确认期限</label>{{/deadlineError}}
              <label>备注 <input name="note" value="{{note}}" maxlength="2000"></label>
              <button type="submit">限期整改</button>
            </form>
          </details>
          {{/rectifyForm}}{{/canRectify}}
          {{#canExempt}}{{#exemptForm}}
          <details{{#open}} open{{/open}}>
            <summary>特批进入审核</summary>
            <form method="post" action="/lectures/{{id}}/decide" id="exempt-form">
              <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="action" value="exempt">
              {{#formError}}<p class="error" role="alert">{{formError}}</p>{{/formError}}
              <label>理由（必填） <input name="note" value="{{note}}" maxlength="2000" required></label>
              {{#noteError}}<p class="error field-error" role="alert">{{noteError}}</p>{{/noteError}}
              <button type="submit">特批</button>
            </form>
          </details>
          {{/exemptForm}}{{/canExempt}}
          {{#canConfirm}}
          <form method="post" action="/lectures/{{id}}/decide" class="inline">
            <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="action" value="confirm">
            <button type="submit">抽查合格</button>
          </form>
          {{/canConfirm}}
          {{#canRevoke}}{{#revokeForm}}
          <details{{#open}} open{{/open}}>
            <summary>撤销通过</summary>
            <form method="post" action="/lectures/{{id}}/decide" data-confirm="确定撤销通过吗？" id="revoke-form">
              <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="action" value="revoke">
              {{#formError}}<p class="error" role="alert">{{formError}}</p>{{/formError}}
              <fieldset><legend>原因（至少一项）</legend>{{#reasons}}<label class="check"><input type="checkbox" name="reason[]" value="{{code}}"{{#checked}} checked{{/checked}}> {{label}}</label>{{/reasons}}
                {{#reasonError}}<p class="error field-error" role="alert">{{reasonError}}</p>{{/reasonError}}</fieldset>
              {{#hasCites}}<fieldset><legend>照搬的节目或参考资料（原因选“内容照搬照抄”或“一份讲稿用几年”时）</legend>{{#cites}}<label class="check"><input type="checkbox" name="cite[]" value="{{code}}"{{#checked}} checked{{/checked}}> {{label}}</label>{{/cites}}
                {{#citeError}}<p class="error field-error" role="alert">{{citeError}}</p>{{/citeError}}</fieldset>{{/hasCites}}
              <label>备注 <input name="note" value="{{note}}" maxlength="2000"></label>
              <button type="submit">撤销通过</button>
            </form>
          </details>
          {{/revokeForm}}{{/canRevoke}}
        </div>
        {{/canDecide}}
        {{#panel}}{{>panel}}{{/panel}}
        <h2>版本</h2>
        <table class="list">
          <tr><th>版本</th><th>原文件名</th><th>大小</th><th>时长</th><th>画面</th><th>导入时间</th><th>检查</th></tr>
          {{#versions}}<tr><td>第 {{number}} 版</td><td>{{name}}</td><td>{{size}}</td><td>{{duration}}</td><td>{{picture}}</td><td>{{at}}</td><td>{{findings}}</td></tr>{{/versions}}
        </table>
        <h2>历史记录</h2>
        <table class="list" id="history">
          <tr><th>时间</th><th>操作人</th><th>操作</th><th>状态</th><th>原因</th><th>说明</th></tr>
          {{#history}}<tr><td>{{at}}</td><td>{{actor}}</td><td>{{action}}</td><td>{{change}}</td><td>{{reasons}}</td><td>{{note}}</td></tr>{{/history}}
        </table>
        {{/body}}
        {{/layout}}
        """

    static let reports = """
        {{<layout}}
        {{$title}}报表 · 微党课审核台{{/title}}
        {{$body}}
        <h1>报表{{#scope}}（{{.}}及下级）{{/scope}}</h1>
        <ul class="reports">
          <li><a href="/reports/weekly">每周提醒</a>：久未审核、即将到期和逾期的整改、本季度尚无节目的支部。</li>
          <li><form method="get" action="/reports/monthly"><label>每月汇总 <input type="month" name="period" value="{{month}}"></label> <button type="submit">查看</button></form></li>
          <li><form method="get" action="/reports/quarterly"><label>季度通报 <select name="period">{{#quarters}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/quarters}}</select></label> <button type="submit">查看</button></form></li>
          <li><form method="get" action="/reports/yearly"><label>年度报告 <input type="number" name="period" min="2000" max="2100" value="{{year}}"></label> <button type="submit">查看</button></form></li>
          <li><form method="get" action="/reports/orders"><label>点单与巡讲 <input type="number" name="period" min="2000" max="2100" value="{{year}}"></label> <button type="submit">查看</button></form></li>
          <li><form method="get" action="/reports/speakers"><label>授课党员排行 <input type="number" name="period" min="2000" max="2100" value="{{year}}"></label> <button type="submit">查看</button></form></li>
          <li><form method="get" action="/reports/points"><label>党员积分 <input type="number" name="period" min="2000" max="2100" value="{{year}}"></label> <button type="submit">查看</button></form></li>
        </ul>
        <p class="hint">报表页面可直接打印，或用浏览器“另存为 PDF”。</p>
        {{/body}}
        {{/layout}}
        """

    static let message = """
        {{<layout}}
        {{$title}}{{heading}} · 微党课审核台{{/title}}
        {{$body}}
        <section class="message">
          <h1>{{heading}}</h1>
          <p>{{text}}</p>
          <p><a href="/queue">返回待审队列</a></p>
        </section>
        {{/body}}
        {{/layout}}
        """

    static let css = """
        :root { --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --red: #b42318; --accent: #a4161a; --ok: #1a7f37; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.6 "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; color: var(--ink); background: #f6f8fa; }
        header.top { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; padding: 8px 16px; background: var(--accent); color: #fff; }
        header.top a { color: #fff; text-decoration: none; }
        .brand { font-weight: bold; font-size: 17px; margin-right: 12px; }
        header nav a { margin-right: 14px; }
        .who { margin-left: auto; display: flex; gap: 8px; align-items: center; }
        button.link { background: none; border: 1px solid #fff8; color: #fff; padding: 2px 10px; border-radius: 4px; cursor: pointer; }
        main { max-width: 1200px; margin: 0 auto; padding: 16px; }
        h1 small { font-size: 15px; color: var(--muted); font-weight: normal; }
        .filters { display: flex; flex-wrap: wrap; gap: 8px; margin-bottom: 16px; }
        .filters input[name=q] { flex: 1 1 260px; }
        input, select, button { font: inherit; padding: 6px 8px; border: 1px solid var(--line); border-radius: 6px; }
        button { background: var(--accent); color: #fff; border: none; cursor: pointer; padding: 6px 16px; }
        .grid { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: 14px; }
        .card { background: #fff; border: 1px solid var(--line); border-radius: 8px; overflow: hidden; }
        .poster { display: block; position: relative; aspect-ratio: 16 / 9; background: #222; }
        .poster img { width: 100%; height: 100%; object-fit: cover; display: block; }
        .noposter { color: #aaa; position: absolute; inset: 0; display: flex; align-items: center; justify-content: center; }
        .duration { position: absolute; right: 6px; bottom: 6px; background: #000b; color: #fff; padding: 0 6px; border-radius: 4px; font-size: 13px; }
        .meta { padding: 8px 10px; font-size: 14px; }
        .meta .title { font-weight: bold; color: var(--ink); display: block; }
        .age { color: var(--muted); }
        .back { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 8px; }
        .pages { display: flex; gap: 24px; justify-content: center; margin: 16px 0; font-size: 16px; }
        .finding, .error { color: var(--red); }
        .near { color: #9a6700; }
        .video-note { background: #fff8c5; padding: 8px 12px; border-radius: 6px; }
        .hidden { display: none; }
        .download { font-size: 14px; margin: 4px 0; }
        .done { color: var(--ok); background: #dafbe1; padding: 8px 12px; border-radius: 6px; }
        .error { background: #ffebe9; padding: 8px 12px; border-radius: 6px; }
        .lecture { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 20px; }
        video { width: 100%; background: #000; border-radius: 6px; }
        .sheet { width: 100%; border: 1px solid var(--line); }
        .kv th { text-align: left; color: var(--muted); font-weight: normal; padding-right: 12px; vertical-align: top; white-space: nowrap; }
        .status { font-size: 14px; padding: 2px 10px; border-radius: 12px; background: #ddf4ff; vertical-align: middle; }
        .status-approved { background: #dafbe1; } .status-rejected, .status-overdue, .status-autoRejected { background: #ffebe9; }
        .near-list { list-style: none; padding: 0; }
        .script-list { list-style: none; padding: 0; }
        .passages { width: 100%; table-layout: fixed; border-collapse: collapse; margin-bottom: 12px; }
        .passages td, .passages th { width: 50%; vertical-align: top; padding: 6px; border: 1px solid #ddd; text-align: left; }
        .passages .length { color: #666; font-size: 90%; }
        .pair { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; margin-bottom: 12px; }
        .pair figure { margin: 0; width: 240px; max-width: 45%; }
        .pair img { width: 100%; border-radius: 4px; }
        .similarity { font-size: 16px; font-weight: bold; color: #9a6700; }
        .stretches { flex-basis: 100%; margin: 0; padding-left: 18px; }
        .actions details { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; margin-bottom: 10px; }
        .actions summary { cursor: pointer; font-weight: bold; }
        .actions form label { display: block; margin: 6px 0; }
        .actions label.check { display: inline-block; margin-right: 14px; }
        .rubric label { display: inline-block !important; margin-right: 10px; }
        .rubric input { width: 4.5em; }
        fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 8px 0; }
        form.inline { display: inline-block; margin-bottom: 10px; }
        table.list { border-collapse: collapse; width: 100%; background: #fff; font-size: 14px; }
        table.list th, table.list td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
        .login { max-width: 360px; margin: 40px auto; background: #fff; padding: 24px; border-radius: 8px; border: 1px solid var(--line); }
        .login label { display: block; margin: 12px 0; } .login input { width: 100%; }
        .hint { color: var(--muted); font-size: 13px; }
        @media (max-width: 760px) {
          .lecture { grid-template-columns: 1fr; }
          main { padding: 10px; }
          table.list { display: block; overflow-x: auto; }
          table.list th, table.list td { min-width: 6em; word-break: keep-all; }
          .pair figure { max-width: 100%; width: 46%; }
        }
        """

    /// The desk's icon: a red square with 课.
    static let icon = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" fill="#a4161a"/>\
        <text x="32" y="45" font-size="38" text-anchor="middle" fill="#fff" font-family="sans-serif">课</text></svg>
        """

    static let javascript = """
        // A video the browser cannot decode: say so, and point to the download.
        (function () {
          var player = document.getElementById('player');
          var note = document.getElementById('video-note');
          if (player && note) {
            player.addEventListener('error', function () { note.classList.remove('hidden'); });
          }
        })();
        // Asks before a decision that sends a lecture back (forms marked data-confirm).
        document.querySelectorAll('form[data-confirm]').forEach(function (form) {
          form.addEventListener('submit', function (event) {
            if (!window.confirm(form.getAttribute('data-confirm'))) { event.preventDefault(); }
          });
        });
        """
}
