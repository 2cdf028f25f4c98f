<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="zh_CN">
  <context>
    <name>AdminPage</name>
    <message>
      <source>两次输入的密码不一致。</source>
      <translation>The two passwords do not match.</translation>
    </message>
    <message>
      <source>再次输入密码</source>
      <translation>Repeat password</translation>
    </message>
    <message>
      <source>姓名</source>
      <translation>Name</translation>
    </message>
    <message>
      <source>密码（至少8个字符）</source>
      <translation>Password (at least 8 characters)</translation>
    </message>
    <message>
      <source>用户名</source>
      <translation>Username</translation>
    </message>
    <message>
      <source>管理员负责添加同事的账户、单位和合作机构。创建后，本机数据库文件将被加密，只有账户密码能打开。</source>
      <translation>The administrator adds colleagues' accounts, units and partner agencies. Once this account is created, the database file on this computer will be encrypted and can only be opened with an account password.</translation>
    </message>
    <message>
      <source>管理员账户</source>
      <translation>Administrator Account</translation>
    </message>
  </context>
  <context>
    <name>AnnualReportWidget</name>
    <message>
      <source>另存为</source>
      <translation>Save As</translation>
    </message>
    <message>
      <source>另存为 PDF…</source>
      <translation>Save as PDF…</translation>
    </message>
    <message>
      <source>另存为 XLSX…</source>
      <translation>Save as XLSX…</translation>
    </message>
    <message>
      <source>年度</source>
      <translation>Year</translation>
    </message>
    <message>
      <source>生成报告</source>
      <translation>Generate report</translation>
    </message>
  </context>
  <context>
    <name>AssignmentDialog</name>
    <message>
      <source>不限</source>
      <translation>no end</translation>
    </message>
    <message>
      <source>个案工作者</source>
      <translation>Caseworker</translation>
    </message>
    <message>
      <source>个案工作者已改为{0}。</source>
      <translation>The caseworker is now {0}.</translation>
    </message>
    <message>
      <source>人员</source>
      <translation>Staff</translation>
    </message>
    <message>
      <source>人员与分派</source>
      <translation>People and assignments</translation>
    </message>
    <message>
      <source>例如：返乡后由户籍地妇联回访</source>
      <translation>e.g. visits by the women's federation of her home county after her return</translation>
    </message>
    <message>
      <source>分派</source>
      <translation>Assigned</translation>
    </message>
    <message>
      <source>分派给</source>
      <translation>Assign to</translation>
    </message>
    <message>
      <source>单位</source>
      <translation>Unit</translation>
    </message>
    <message>
      <source>已分派给{0}。</source>
      <translation>Assigned to {0}.</translation>
    </message>
    <message>
      <source>已结束{0}的分派。</source>
      <translation>Ended the assignment of {0}.</translation>
    </message>
    <message>
      <source>截止</source>
      <translation>Until</translation>
    </message>
    <message>
      <source>截止日期</source>
      <translation>Last day</translation>
    </message>
    <message>
      <source>新增分派</source>
      <translation>New assignment</translation>
    </message>
    <message>
      <source>新的个案工作者</source>
      <translation>New caseworker</translation>
    </message>
    <message>
      <source>更换个案工作者</source>
      <translation>Change caseworker</translation>
    </message>
    <message>
      <source>本单位没有其他个案工作者。</source>
      <translation>The unit has no other caseworker.</translation>
    </message>
    <message>
      <source>正在负责本个案的人员（个案工作者除外）：</source>
      <translation>Working on this case (besides its caseworker):</translation>
    </message>
    <message>
      <source>没有可以分派的人员。</source>
      <translation>There is nobody to assign.</translation>
    </message>
    <message>
      <source>理由</source>
      <translation>Reason</translation>
    </message>
    <message>
      <source>用途</source>
      <translation>Purpose</translation>
    </message>
    <message>
      <source>结束{0}的分派，理由：</source>
      <translation>End the assignment of {0}; reason:</translation>
    </message>
    <message>
      <source>结束分派</source>
      <translation>Unassigned</translation>
    </message>
    <message>
      <source>结束所选分派…</source>
      <translation>End the selected assignment…</translation>
    </message>
  </context>
  <context>
    <name>AuditTrailWidget</name>
    <message>
      <source>yyyy年M月d日</source>
      <translation>d MMM yyyy</translation>
    </message>
    <message>
      <source>{0} 条记录（最新在前）</source>
      <translation>Records: {0} (newest first)</translation>
    </message>
    <message>
      <source>动作，如 read、update、login_failed</source>
      <translation>Action, e.g. read, update, login_failed</translation>
    </message>
    <message>
      <source>受助人编号</source>
      <translation>Person ID</translation>
    </message>
    <message>
      <source>日期</source>
      <translation>Date</translation>
    </message>
    <message>
      <source>查询</source>
      <translation>Search</translation>
    </message>
    <message>
      <source>用户编号</source>
      <translation>User ID</translation>
    </message>
  </context>
  <context>
    <name>BatchLetterDialog</name>
    <message>
      <source>个案</source>
      <translation>Cases</translation>
    </message>
    <message>
      <source>个案 {0}：{1}</source>
      <translation>Case {0}: {1}</translation>
    </message>
    <message>
      <source>为 {0} 个个案生成</source>
      <translation>Generate for selected cases ({0})</translation>
    </message>
    <message>
      <source>保存到</source>
      <translation>Save to</translation>
    </message>
    <message>
      <source>保存转介函的文件夹</source>
      <translation>Folder for the referral letters</translation>
    </message>
    <message>
      <source>已取消，未登记任何转介函。</source>
      <translation>Cancelled; no referral letters were registered.</translation>
    </message>
    <message>
      <source>已生成 {0} 封转介函。</source>
      <translation>Referral letters generated: {0}.</translation>
    </message>
    <message>
      <source>已选 {0} 个</source>
      <translation>{0} selected</translation>
    </message>
    <message>
      <source>批量打印转介函</source>
      <translation>Batch-Print Referral Letters</translation>
    </message>
    <message>
      <source>正在生成转介函…</source>
      <translation>Generating referral letters…</translation>
    </message>
    <message>
      <source>请求的服务</source>
      <translation>Service requested</translation>
    </message>
    <message>
      <source>请选择保存转介函的文件夹。</source>
      <translation>Please choose a folder for the referral letters.</translation>
    </message>
    <message>
      <source>转介函类型</source>
      <translation>Letter type</translation>
    </message>
    <message>
      <source>选择文件夹…</source>
      <translation>Choose folder…</translation>
    </message>
  </context>
  <context>
    <name>CaseListWidget</name>
    <message>
      <source>全部标记</source>
      <translation>All flags</translation>
    </message>
    <message>
      <source>全部阶段</source>
      <translation>All stages</translation>
    </message>
    <message>
      <source>共 {0} 个个案</source>
      <translation>Cases: {0}</translation>
    </message>
    <message>
      <source>合并受助人…</source>
      <translation>Merge persons…</translation>
    </message>
    <message>
      <source>搜索：姓名、化名、拼音或首字母、个案编号、身份证号</source>
      <translation>Search: name, alias, pinyin or initials, case number, ID number</translation>
    </message>
    <message>
      <source>显示全部个案</source>
      <translation>Show all cases</translation>
    </message>
    <message>
      <source>选中两个不同受助人的个案，把两份档案合并为一份</source>
      <translation>Select cases of two different persons to merge their two records into one</translation>
    </message>
  </context>
  <context>
    <name>ConflictDialog</name>
    <message>
      <source>不保存；您的输入仍留在表单中</source>
      <translation>Don't save; your input stays in the form</translation>
    </message>
    <message>
      <source>保存冲突：该记录已被他人修改</source>
      <translation>Save Conflict: Someone Else Changed This Record</translation>
    </message>
    <message>
      <source>全部保留我的</source>
      <translation>Keep all mine</translation>
    </message>
    <message>
      <source>全部采用已保存的</source>
      <translation>Use all saved</translation>
    </message>
    <message>
      <source>双方都修改了这一项</source>
      <translation>Both sides changed this field</translation>
    </message>
    <message>
      <source>取消（继续编辑）</source>
      <translation>Cancel (keep editing)</translation>
    </message>
    <message>
      <source>字段</source>
      <translation>Field</translation>
    </message>
    <message>
      <source>已保存的</source>
      <translation>Saved</translation>
    </message>
    <message>
      <source>已保存的版本</source>
      <translation>Saved version</translation>
    </message>
    <message>
      <source>您编辑期间，这条记录已在另一台工作站被保存{0}。下面列出两边不同的字段：请逐项选择采用哪一边，或全部保留您的修改、全部采用已保存的版本。</source>
      <translation>While you were editing, this record was saved{0} on another workstation. The fields that differ are listed below: choose which version to use for each field, or keep all of your changes, or use the saved version for all of them.</translation>
    </message>
    <message>
      <source>我的</source>
      <translation>Mine</translation>
    </message>
    <message>
      <source>我的修改</source>
      <translation>My changes</translation>
    </message>
    <message>
      <source>按所选合并保存</source>
      <translation>Merge as selected and save</translation>
    </message>
    <message>
      <source>采用</source>
      <translation>Use</translation>
    </message>
    <message>
      <source>（{0}保存）</source>
      <translation> (by {0})</translation>
    </message>
  </context>
  <context>
    <name>DatabasePage</name>
    <message>
      <source>
以后每次启动时将询问数据库密码。</source>
      <translation>
You will be asked for the database password each time the program starts.</translation>
    </message>
    <message>
      <source>PostgreSQL 服务器（多台电脑共用）</source>
      <translation>PostgreSQL server (shared by several computers)</translation>
    </message>
    <message>
      <source>单机使用选“本机数据库”（无需任何设置）；多台电脑共用一个数据库时选 PostgreSQL。</source>
      <translation>For use on a single computer, choose "Local database" (no setup needed); when several computers share one database, choose PostgreSQL.</translation>
    </message>
    <message>
      <source>密码（保存在系统钥匙串中）</source>
      <translation>Password (stored in the system keychain)</translation>
    </message>
    <message>
      <source>数据库</source>
      <translation>Database</translation>
    </message>
    <message>
      <source>数据库 (*.sqlite3)</source>
      <translation>Database (*.sqlite3)</translation>
    </message>
    <message>
      <source>数据库名</source>
      <translation>Database name</translation>
    </message>
    <message>
      <source>数据库文件</source>
      <translation>Database file</translation>
    </message>
    <message>
      <source>无法连接数据库：{0}</source>
      <translation>Cannot connect to the database: {0}</translation>
    </message>
    <message>
      <source>服务器地址</source>
      <translation>Server address</translation>
    </message>
    <message>
      <source>本机数据库（SQLite，加密保存在本机）</source>
      <translation>Local database (SQLite, stored encrypted on this computer)</translation>
    </message>
    <message>
      <source>浏览…</source>
      <translation>Browse…</translation>
    </message>
    <message>
      <source>用户名</source>
      <translation>Username</translation>
    </message>
    <message>
      <source>端口</source>
      <translation>Port</translation>
    </message>
    <message>
      <source>系统钥匙串</source>
      <translation>System keychain</translation>
    </message>
    <message>
      <source>请填写数据库文件的位置。</source>
      <translation>Please enter the location of the database file.</translation>
    </message>
    <message>
      <source>请填写服务器地址和数据库名。</source>
      <translation>Please enter the server address and the database name.</translation>
    </message>
  </context>
  <context>
    <name>DemoPage</name>
    <message>
      <source> 名受助人</source>
      <translation> persons</translation>
    </message>
    <message>
      <source>两次输入的密码不一致。</source>
      <translation>The two passwords do not match.</translation>
    </message>
    <message>
      <source>再次输入</source>
      <translation>Repeat</translation>
    </message>
    <message>
      <source>想先熟悉程序，可以载入虚构的演示个案（人名、身份证号均为虚构）。正式使用的数据库请不要载入。</source>
      <translation>To get to know the program first, you can load fictitious demo cases (all names and ID numbers are made up). Do not load them into a database that will be used for real work.</translation>
    </message>
    <message>
      <source>数量</source>
      <translation>Number</translation>
    </message>
    <message>
      <source>演示数据</source>
      <translation>Demo Data</translation>
    </message>
    <message>
      <source>演示账户的密码</source>
      <translation>Password for the demo accounts</translation>
    </message>
    <message>
      <source>载入演示数据</source>
      <translation>Load demo data</translation>
    </message>
  </context>
  <context>
    <name>DirectoryWidget</name>
    <message>
      <source>类型</source>
      <translation>Type</translation>
    </message>
  </context>
  <context>
    <name>DryRunPage</name>
    <message>
      <source>Excel (*.xlsx)</source>
      <translation>Excel (*.xlsx)</translation>
    </message>
    <message>
      <source>保存问题清单</source>
      <translation>Save the problem list</translation>
    </message>
    <message>
      <source>保存问题清单…</source>
      <translation>Save problem list…</translation>
    </message>
    <message>
      <source>共 {0} 行：{1} 行可以导入，{2} 行有问题。</source>
      <translation>{0} rows: {1} can be imported, {2} have problems.</translation>
    </message>
    <message>
      <source>取消检查</source>
      <translation>Stop checking</translation>
    </message>
    <message>
      <source>另有 {0} 条提示，不影响导入。</source>
      <translation> Also {0} hints, which do not stop the import.</translation>
    </message>
    <message>
      <source>已取消检查。</source>
      <translation>Check cancelled.</translation>
    </message>
    <message>
      <source>无法保存问题清单：{0}</source>
      <translation>Could not save the problem list: {0}</translation>
    </message>
    <message>
      <source>有问题的行中 {0} 行与前面的行或已登记的人重复。</source>
      <translation> Of the rows with problems, {0} repeat an earlier row or a person already registered.</translation>
    </message>
    <message>
      <source>检查整个文件</source>
      <translation>Check the whole file</translation>
    </message>
    <message>
      <source>正在检查第 {0} 行，共 {1} 行…</source>
      <translation>Checking row {0} of {1}…</translation>
    </message>
    <message>
      <source>正在读取文件…</source>
      <translation>Reading the file…</translation>
    </message>
    <message>
      <source>逐行检查，与导入时完全相同，但不写入数据库。每个问题都列出行号和列。</source>
      <translation>Every row is checked exactly as the import will check it, but nothing is written to the database. Each problem is listed with its row number and column.</translation>
    </message>
    <message>
      <source>重新检查</source>
      <translation>Check again</translation>
    </message>
    <message>
      <source>问题清单已保存到 {0}。</source>
      <translation>Problem list saved to {0}.</translation>
    </message>
  </context>
  <context>
    <name>DuplicatesPage</name>
    <message>
      <source>{0} 行可能重复（{1} 个候选），还有 {2} 行未决定。</source>
      <translation>{0} rows may be duplicates ({1} candidates); {2} rows still undecided.</translation>
    </message>
    <message>
      <source>可能重复</source>
      <translation>Possible duplicates</translation>
    </message>
    <message>
      <source>同一人（并入已有档案）(&amp;2)</source>
      <translation>Same person (join the existing record) (&amp;2)</translation>
    </message>
    <message>
      <source>工作表(&amp;W)：</source>
      <translation>Sheet (&amp;W):</translation>
    </message>
    <message>
      <source>已取消检查。</source>
      <translation>Check cancelled.</translation>
    </message>
    <message>
      <source>按您的决定，这些行仍不能导入：
{0}
可以改变决定；再按“下一步”则继续，这些行不导入。</source>
      <translation>With your decisions these rows still cannot be imported:
{0}
You can change the decisions; press Next again to go on without these rows.</translation>
    </message>
    <message>
      <source>按这些决定检查后，又有 {0} 行可能重复（第 {1} 行），请决定。</source>
      <translation>Checked with these decisions, {0} more rows may be duplicates (rows {1}): please decide.</translation>
    </message>
    <message>
      <source>新建受助人(&amp;1)</source>
      <translation>New person (&amp;1)</translation>
    </message>
    <message>
      <source>未决定的全部跳过(&amp;K)</source>
      <translation>S&amp;kip all undecided</translation>
    </message>
    <message>
      <source>正在按您的决定重新检查整个文件…</source>
      <translation>Checking the whole file again with your decisions…</translation>
    </message>
    <message>
      <source>第 {0} 行：{1}</source>
      <translation>Row {0}: {1}</translation>
    </message>
    <message>
      <source>跳过(&amp;3)</source>
      <translation>Skip (&amp;3)</translation>
    </message>
    <message>
      <source>这些行可能是已登记的受助人，或文件中前面某行的同一人。请逐行决定：新建受助人、同一人（个案并入已有档案），或跳过这一行。</source>
      <translation>These rows may be a person already registered, or the same person as an earlier row of the file. Decide for each row: a new person, the same person (the case joins the existing record), or skip the row.</translation>
    </message>
    <message>
      <source>选中行的决定：</source>
      <translation>Decision for the selected row:</translation>
    </message>
  </context>
  <context>
    <name>ExportWizardWidget</name>
    <message>
      <source>化名口令</source>
      <translation>Pseudonym passphrase</translation>
    </message>
    <message>
      <source>压缩包密码</source>
      <translation>Archive password</translation>
    </message>
    <message>
      <source>导出…</source>
      <translation>Export…</translation>
    </message>
    <message>
      <source>导出到</source>
      <translation>Export to</translation>
    </message>
    <message>
      <source>已导出到 {0}，风险报告在 {1}.report.json。</source>
      <translation>Exported to {0}; the risk report is in {1}.report.json.</translation>
    </message>
    <message>
      <source>接收方</source>
      <translation>Recipient</translation>
    </message>
    <message>
      <source>敏感属性</source>
      <translation>Sensitive attributes</translation>
    </message>
    <message>
      <source>最多删除</source>
      <translation>Remove at most</translation>
    </message>
    <message>
      <source>用途</source>
      <translation>Purpose</translation>
    </message>
    <message>
      <source>留空则不加密</source>
      <translation>Leave empty for no encryption</translation>
    </message>
    <message>
      <source>研究</source>
      <translation>Research</translation>
    </message>
    <message>
      <source>系统没有安全的钥匙串时才需要</source>
      <translation>Only needed if the system has no secure keychain</translation>
    </message>
    <message>
      <source>评估风险</source>
      <translation>Assess risk</translation>
    </message>
  </context>
  <context>
    <name>FilePage</name>
    <message>
      <source>可不选：按表头自动推断</source>
      <translation>Optional: otherwise guessed from the headers</translation>
    </message>
    <message>
      <source>可以导入 Excel（.xlsx）或 CSV 文件，CSV 可以是 UTF-8 或 GBK 编码。第一行非空的行是表头。以前保存过列的对应，可以一并选择。</source>
      <translation>An Excel (.xlsx) or CSV file can be imported; a CSV file may be UTF-8 or GBK. The first non-empty row holds the headers. If you saved a column mapping before, you can choose it too.</translation>
    </message>
    <message>
      <source>台账 (*.xlsx *.csv)</source>
      <translation>Ledgers (*.xlsx *.csv)</translation>
    </message>
    <message>
      <source>台账文件</source>
      <translation>Ledger file</translation>
    </message>
    <message>
      <source>台账文件（.xlsx 或 .csv）</source>
      <translation>Ledger file (.xlsx or .csv)</translation>
    </message>
    <message>
      <source>已保存的映射</source>
      <translation>Saved mapping</translation>
    </message>
    <message>
      <source>映射 (*.json)</source>
      <translation>Mapping (*.json)</translation>
    </message>
    <message>
      <source>映射文件中的这些列在本文件中没有：{0}。</source>
      <translation>These columns of the saved mapping are not in this file: {0}.</translation>
    </message>
    <message>
      <source>浏览…</source>
      <translation>Browse…</translation>
    </message>
    <message>
      <source>选择台账文件</source>
      <translation>Choose the ledger file</translation>
    </message>
    <message>
      <source>选择映射文件</source>
      <translation>Choose a mapping file</translation>
    </message>
  </context>
  <context>
    <name>FinishPage</name>
    <message>
      <source>完成</source>
      <translation>Finish</translation>
    </message>
    <message>
      <source>数据库已就绪。接下来请登录。</source>
      <translation>The database is ready. Please log in next.</translation>
    </message>
    <message>
      <source>演示账户（密码为您刚才设置的演示密码）：</source>
      <translation>Demo accounts (the password is the demo password you just set):</translation>
    </message>
    <message>
      <source>用社工账户登录即可查看和办理演示个案。</source>
      <translation>Log in with a caseworker account to view and work on the demo cases.</translation>
    </message>
    <message>
      <source>管理员账户：{0}</source>
      <translation>Administrator account: {0}</translation>
    </message>
  </context>
  <context>
    <name>FirstStartWizard</name>
    <message>
      <source>RescueDesk 首次启动</source>
      <translation>RescueDesk First Start</translation>
    </message>
    <message>
      <source>上一步</source>
      <translation>Back</translation>
    </message>
    <message>
      <source>下一步</source>
      <translation>Next</translation>
    </message>
    <message>
      <source>取消</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <source>完成</source>
      <translation>Finish</translation>
    </message>
    <message>
      <source>已取消，数据库没有改变。</source>
      <translation>Cancelled; the database was not changed.</translation>
    </message>
    <message>
      <source>正在生成演示数据…</source>
      <translation>Generating demo data…</translation>
    </message>
    <message>
      <source>演示数据</source>
      <translation>Demo Data</translation>
    </message>
    <message>
      <source>生成演示数据失败：{0}</source>
      <translation>Could not generate the demo data: {0}</translation>
    </message>
  </context>
  <context>
    <name>FlagDialog</name>
    <message>
      <source>%Y年%m月%d日</source>
      <translation>%Y-%m-%d</translation>
    </message>
    <message>
      <source>{0} {1}设置</source>
      <translation>set {0} by {1}</translation>
    </message>
    <message>
      <source>{0} 登记时按受助人信息自动设置</source>
      <translation>set {0} at registration, from the person's record</translation>
    </message>
    <message>
      <source>个案标记</source>
      <translation>Case flags</translation>
    </message>
    <message>
      <source>保存</source>
      <translation>Save</translation>
    </message>
    <message>
      <source>勾选适用的标记，取消不再适用的标记</source>
      <translation>Tick the flags that apply; untick those that no longer do</translation>
    </message>
    <message>
      <source>必填，例如：本人讲述曾被强迫在车站乞讨</source>
      <translation>Required, e.g.: she says she was forced to beg at the station</translation>
    </message>
    <message>
      <source>理由（记入个案经过）</source>
      <translation>Reason (recorded in the case history)</translation>
    </message>
    <message>
      <source>系统</source>
      <translation>System</translation>
    </message>
    <message>
      <source>：{0}</source>
      <translation>: {0}</translation>
    </message>
  </context>
  <context>
    <name>HomeWidget</name>
    <message>
      <source>……还有更多，见“回访计划”</source>
      <translation>… more in "Follow-up Plan"</translation>
    </message>
    <message>
      <source>下次回访 {0}</source>
      <translation>next visit {0}</translation>
    </message>
    <message>
      <source>分派给我的个案</source>
      <translation>Cases assigned to me</translation>
    </message>
    <message>
      <source>双击一项，打开办理它的表单</source>
      <translation>Double-click an item to open the form that does it</translation>
    </message>
    <message>
      <source>安置方案</source>
      <translation>Placement plan</translation>
    </message>
    <message>
      <source>待办事项（红色为逾期，双击办理）</source>
      <translation>Tasks (overdue in red; double-click to do one)</translation>
    </message>
    <message>
      <source>我的在办个案</source>
      <translation>My open cases</translation>
    </message>
    <message>
      <source>最近打开的个案</source>
      <translation>Recently opened cases</translation>
    </message>
    <message>
      <source>未计划回访</source>
      <translation>no visit planned</translation>
    </message>
    <message>
      <source>本周回访（红色为逾期）</source>
      <translation>Follow-up visits this week (overdue in red)</translation>
    </message>
    <message>
      <source>正在加载待办事项…</source>
      <translation>Loading the tasks…</translation>
    </message>
    <message>
      <source>每类最多列出{0}项，更多的见个案列表和“回访计划”。</source>
      <translation>At most {0} of each kind are listed; see the case list and the follow-up plan for the rest.</translation>
    </message>
    <message>
      <source>结案申请</source>
      <translation>Closure request</translation>
    </message>
    <message>
      <source>至{0}</source>
      <translation>until {0}</translation>
    </message>
    <message>
      <source>记录所选回访…</source>
      <translation>Record the selected visit…</translation>
    </message>
    <message>
      <source>（逾期）</source>
      <translation> (overdue)</translation>
    </message>
  </context>
  <context>
    <name>ImportPage</name>
    <message>
      <source>只导入没有问题的 {0} 行（有问题的 {1} 行不导入，改正后可再导入）</source>
      <translation>Import only the {0} rows without problems (the {1} rows with problems are left out; import them once corrected)</translation>
    </message>
    <message>
      <source>导入</source>
      <translation>Import</translation>
    </message>
    <message>
      <source>导入全部 {0} 行</source>
      <translation>Import all {0} rows</translation>
    </message>
    <message>
      <source>导入全部 {0} 行（要先在台账中改正有问题的 {1} 行）</source>
      <translation>Import all {0} rows (first correct the {1} rows with problems in the ledger)</translation>
    </message>
    <message>
      <source>导入台账</source>
      <translation>Import a ledger</translation>
    </message>
    <message>
      <source>已取消导入，数据库没有任何改动。</source>
      <translation>Import cancelled; the database is unchanged.</translation>
    </message>
    <message>
      <source>按您的决定：{0} 行的个案并入已有档案，跳过 {1} 行。</source>
      <translation>As you decided: the cases of {0} rows join existing records, {1} rows are skipped.</translation>
    </message>
    <message>
      <source>整个导入是一次操作：中途取消或出错，数据库保持原样。每一行的受助人和个案都登记在您的单位。</source>
      <translation>The whole import is one operation: if it is cancelled or fails, the database stays as it was. The person and the case of each row are registered in your unit.</translation>
    </message>
    <message>
      <source>有 {0} 行现在有问题，本次没有导入任何一行。请返回重新检查。</source>
      <translation>{0} rows have problems now, so no row was imported. Go back and check again.</translation>
    </message>
    <message>
      <source>检查结果：共 {0} 行，{1} 行可以导入，{2} 行有问题。</source>
      <translation>Check result: {0} rows, {1} can be imported, {2} have problems.</translation>
    </message>
    <message>
      <source>正在导入…</source>
      <translation>Importing…</translation>
    </message>
    <message>
      <source>没有可以导入的行。请改正台账后重新导入。</source>
      <translation>No row can be imported. Correct the ledger and import it again.</translation>
    </message>
  </context>
  <context>
    <name>ImportWizard</name>
    <message>
      <source>&lt; 上一步(&amp;B)</source>
      <translation>&lt; &amp;Back</translation>
    </message>
    <message>
      <source>下一步(&amp;N) &gt;</source>
      <translation>&amp;Next &gt;</translation>
    </message>
    <message>
      <source>取消</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <source>完成</source>
      <translation>Finish</translation>
    </message>
    <message>
      <source>导入台账</source>
      <translation>Import a ledger</translation>
    </message>
    <message>
      <source>开始导入(&amp;I)</source>
      <translation>&amp;Import</translation>
    </message>
  </context>
  <context>
    <name>LetterDialog</name>
    <message>
      <source>PDF 文件 (*.pdf)</source>
      <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
      <source>不附照片</source>
      <translation>No photo</translation>
    </message>
    <message>
      <source>仅在没有受助人同意时，由主管填写越权理由</source>
      <translation>Only if the person has not consented: the supervisor enters the reason for the override</translation>
    </message>
    <message>
      <source>写入身份证号（确认对方确需）</source>
      <translation>Include ID number (only if the recipient really needs it)</translation>
    </message>
    <message>
      <source>另存为 PDF</source>
      <translation>Save as PDF</translation>
    </message>
    <message>
      <source>另存为 PDF…</source>
      <translation>Save as PDF…</translation>
    </message>
    <message>
      <source>将告知对方</source>
      <translation>Will be disclosed</translation>
    </message>
    <message>
      <source>已登记转介函 {0}。</source>
      <translation>Referral letter {0} registered.</translation>
    </message>
    <message>
      <source>打印…</source>
      <translation>Print…</translation>
    </message>
    <message>
      <source>打印转介函</source>
      <translation>Print Referral Letter</translation>
    </message>
    <message>
      <source>接收机构</source>
      <translation>Receiving agency</translation>
    </message>
    <message>
      <source>接收机构名称</source>
      <translation>Receiving agency name</translation>
    </message>
    <message>
      <source>答复期限</source>
      <translation>Reply due</translation>
    </message>
    <message>
      <source>请求的服务</source>
      <translation>Service requested</translation>
    </message>
    <message>
      <source>越权理由</source>
      <translation>Override reason</translation>
    </message>
    <message>
      <source>转介函类型</source>
      <translation>Letter type</translation>
    </message>
    <message>
      <source>随函照片</source>
      <translation>Photo enclosed</translation>
    </message>
    <message>
      <source>预览</source>
      <translation>Preview</translation>
    </message>
  </context>
  <context>
    <name>LockScreen</name>
    <message>
      <source>以其他用户登录…</source>
      <translation>Log in as another user…</translation>
    </message>
    <message>
      <source>密码</source>
      <translation>Password</translation>
    </message>
    <message>
      <source>密码不正确，窗口仍然锁定。</source>
      <translation>Wrong password; the window stays locked.</translation>
    </message>
    <message>
      <source>当前用户：{0}</source>
      <translation>Current user: {0}</translation>
    </message>
    <message>
      <source>窗口已锁定。请重新输入密码解锁。</source>
      <translation>The window is locked. Enter your password again to unlock it.</translation>
    </message>
    <message>
      <source>解锁</source>
      <translation>Unlock</translation>
    </message>
  </context>
  <context>
    <name>LoginDialog</name>
    <message>
      <source>密码</source>
      <translation>Password</translation>
    </message>
    <message>
      <source>用户名</source>
      <translation>Username</translation>
    </message>
    <message>
      <source>登录</source>
      <translation>Log in</translation>
    </message>
    <message>
      <source>登录 RescueDesk</source>
      <translation>Log in to RescueDesk</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <source>RescueDesk 被拐卖受害人救助档案 — {0}</source>
      <translation>RescueDesk Trafficking Victim Assistance Records — {0}</translation>
    </message>
    <message>
      <source>RescueDesk（已锁定）</source>
      <translation>RescueDesk (locked)</translation>
    </message>
    <message>
      <source>{0} 个个案有尚未保存的输入。退出并放弃这些输入吗？</source>
      <translation>{0} case(s) have unsaved input. Quit and discard it?</translation>
    </message>
    <message>
      <source>上次窗口锁定后由其他用户登录，您有 {0} 份未保存的输入。现在恢复吗？</source>
      <translation>After your window was locked, another user logged in. You have {0} piece(s) of unsaved input. Restore them now?</translation>
    </message>
    <message>
      <source>个案(&amp;C)</source>
      <translation>&amp;Case</translation>
    </message>
    <message>
      <source>个案列表</source>
      <translation>Case List</translation>
    </message>
    <message>
      <source>个案转移…</source>
      <translation>Case Transfers…</translation>
    </message>
    <message>
      <source>为选中的个案批量打印转介函…</source>
      <translation>Batch-Print Referral Letters for Selected Cases…</translation>
    </message>
    <message>
      <source>保存</source>
      <translation>Save</translation>
    </message>
    <message>
      <source>关闭标签页</source>
      <translation>Close Tab</translation>
    </message>
    <message>
      <source>单位与合作机构</source>
      <translation>Units and Partner Agencies</translation>
    </message>
    <message>
      <source>去标识化导出</source>
      <translation>De-identified Export</translation>
    </message>
    <message>
      <source>只显示刚导入的 {0} 个个案。</source>
      <translation>Showing only the {0} cases just imported.</translation>
    </message>
    <message>
      <source>合并受助人</source>
      <translation>Merge persons</translation>
    </message>
    <message>
      <source>回访计划</source>
      <translation>Follow-up Plan</translation>
    </message>
    <message>
      <source>审计记录</source>
      <translation>Audit Trail</translation>
    </message>
    <message>
      <source>寻亲(&amp;T)</source>
      <translation>&amp;Tracing</translation>
    </message>
    <message>
      <source>寻亲查询</source>
      <translation>Family inquiries</translation>
    </message>
    <message>
      <source>导入台账…</source>
      <translation>Import a ledger…</translation>
    </message>
    <message>
      <source>工作台</source>
      <translation>Home</translation>
    </message>
    <message>
      <source>已保存。</source>
      <translation>Saved.</translation>
    </message>
    <message>
      <source>已登录：{0}</source>
      <translation>Logged in: {0}</translation>
    </message>
    <message>
      <source>已自动备份数据库：{0}</source>
      <translation>Database backed up automatically: {0}</translation>
    </message>
    <message>
      <source>年度报告</source>
      <translation>Annual Report</translation>
    </message>
    <message>
      <source>我的在办个案：{0}</source>
      <translation>My open cases: {0}</translation>
    </message>
    <message>
      <source>批量打印</source>
      <translation>Batch Print</translation>
    </message>
    <message>
      <source>文件(&amp;F)</source>
      <translation>&amp;File</translation>
    </message>
    <message>
      <source>无法打开个案</source>
      <translation>Cannot Open Case</translation>
    </message>
    <message>
      <source>未保存的输入</source>
      <translation>Unsaved input</translation>
    </message>
    <message>
      <source>未保存：{0}</source>
      <translation>Not saved: {0}</translation>
    </message>
    <message>
      <source>查找个案</source>
      <translation>Find Case</translation>
    </message>
    <message>
      <source>没有需要保存的内容。</source>
      <translation>There is nothing to save.</translation>
    </message>
    <message>
      <source>登记新个案…</source>
      <translation>Register New Case…</translation>
    </message>
    <message>
      <source>登记转介回执…</source>
      <translation>Register Referral Reply…</translation>
    </message>
    <message>
      <source>自动备份失败：{0}</source>
      <translation>Automatic backup failed: {0}</translation>
    </message>
    <message>
      <source>设置…</source>
      <translation>Settings…</translation>
    </message>
    <message>
      <source>请先在个案列表中选中个案（可按住 Ctrl 或 Shift 多选）。</source>
      <translation>First select cases in the case list (hold Ctrl or Shift to select several).</translation>
    </message>
    <message>
      <source>请查看表单中标出的问题。</source>
      <translation>See the problems marked in the form.</translation>
    </message>
    <message>
      <source>转介函模板</source>
      <translation>Referral Letter Templates</translation>
    </message>
    <message>
      <source>这个个案有尚未保存的输入。关闭并放弃这些输入吗？</source>
      <translation>This case has unsaved input. Close it and discard the input?</translation>
    </message>
    <message>
      <source>退出</source>
      <translation>Exit</translation>
    </message>
    <message>
      <source>锁定窗口</source>
      <translation>Lock Window</translation>
    </message>
  </context>
  <context>
    <name>MappingPage</name>
    <message>
      <source>CSV 文件，{0} 编码</source>
      <translation>CSV file, {0} encoding</translation>
    </message>
    <message>
      <source>{0}（{1}），共 {2} 列。</source>
      <translation>{0} ({1}), {2} columns.</translation>
    </message>
    <message>
      <source>“{0}”原来导入为“{1}”，已改为不导入。</source>
      <translation>“{0}” was imported as “{1}”; it is now not imported.</translation>
    </message>
    <message>
      <source>不导入</source>
      <translation>Do not import</translation>
    </message>
    <message>
      <source>保存为 JSON 文件，下次导入同样的台账时选择它；命令行 --mapping 也读它。</source>
      <translation>Saved as a JSON file: choose it the next time you import a ledger like this one; the command line reads it with --mapping.</translation>
    </message>
    <message>
      <source>保存映射</source>
      <translation>Save the mapping</translation>
    </message>
    <message>
      <source>保存映射…</source>
      <translation>Save mapping…</translation>
    </message>
    <message>
      <source>导入为</source>
      <translation>Import as</translation>
    </message>
    <message>
      <source>已按表头推断每一列对应的字段，请逐列核对。不需要的列选“不导入”；每个字段只能对应一列。</source>
      <translation>The field of each column was guessed from its header: check them one by one. Choose “Do not import” for columns you do not need; each field can come from one column only.</translation>
    </message>
    <message>
      <source>无法保存映射：{0}</source>
      <translation>Could not save the mapping: {0}</translation>
    </message>
    <message>
      <source>映射 (*.json)</source>
      <translation>Mapping (*.json)</translation>
    </message>
    <message>
      <source>映射已保存到 {0}。</source>
      <translation>Mapping saved to {0}.</translation>
    </message>
    <message>
      <source>核对列的对应</source>
      <translation>Check the columns</translation>
    </message>
    <message>
      <source>示例</source>
      <translation>Example</translation>
    </message>
    <message>
      <source>表头</source>
      <translation>Header</translation>
    </message>
  </context>
  <context>
    <name>MergeHistoryWidget</name>
    <message>
      <source>{0}（编号 {1}）并入 {2}（编号 {3}），转移个案：{4}</source>
      <translation>{0} (no. {1}) merged into {2} (no. {3}), cases moved: {4}</translation>
    </message>
    <message>
      <source>人员</source>
      <translation>Staff</translation>
    </message>
    <message>
      <source>合并</source>
      <translation>Merge</translation>
    </message>
    <message>
      <source>合并记录</source>
      <translation>Merges</translation>
    </message>
    <message>
      <source>已于 {0} 由 {1} 撤销：{2}</source>
      <translation>Undone on {0} by {1}: {2}</translation>
    </message>
    <message>
      <source>把合并时转移的个案放回“{0}”的档案。撤销理由：</source>
      <translation>The cases the merge moved go back to the record of “{0}”. Reason for undoing:</translation>
    </message>
    <message>
      <source>撤销合并</source>
      <translation>Undo merge</translation>
    </message>
    <message>
      <source>撤销合并…</source>
      <translation>Undo merge…</translation>
    </message>
    <message>
      <source>无</source>
      <translation>none</translation>
    </message>
    <message>
      <source>时间</source>
      <translation>Time</translation>
    </message>
    <message>
      <source>理由</source>
      <translation>Reason</translation>
    </message>
  </context>
  <context>
    <name>MergePersonsDialog</name>
    <message>
      <source>两份档案是同一人时才合并。被合并档案的全部个案、回访和经过都转到保留的档案，合并记录写明谁在何时合并了什么，以后可以在个案页撤销。</source>
      <translation>Merge only when both records are the same person. Every case, visit and history entry of the merged record moves to the kept one; the merge records who merged what and when, and can be undone from the case tab.</translation>
    </message>
    <message>
      <source>为什么是同一人，例如：身份证号、照片、本人确认</source>
      <translation>Why this is the same person, e.g. ID number, photo, confirmed by herself</translation>
    </message>
    <message>
      <source>保留这份（编号 {0}）(&amp;{1})</source>
      <translation>Keep this record (no. {0}) (&amp;{1})</translation>
    </message>
    <message>
      <source>合并</source>
      <translation>Merge</translation>
    </message>
    <message>
      <source>合并受助人</source>
      <translation>Merge persons</translation>
    </message>
    <message>
      <source>合并理由(&amp;R)：</source>
      <translation>&amp;Reason for the merge:</translation>
    </message>
  </context>
  <context>
    <name>NewCaseDialog</name>
    <message>
      <source>yyyy年M月d日</source>
      <translation>d MMM yyyy</translation>
    </message>
    <message>
      <source>不详</source>
      <translation>Unknown</translation>
    </message>
    <message>
      <source>体貌特征（供寻亲比对）</source>
      <translation>Description (for family tracing)</translation>
    </message>
    <message>
      <source>登记</source>
      <translation>Register</translation>
    </message>
    <message>
      <source>登记新个案</source>
      <translation>Register New Case</translation>
    </message>
    <message>
      <source>知道出生日期</source>
      <translation>Date of birth known</translation>
    </message>
    <message>
      <source>身份不明时填写化名</source>
      <translation>Enter an alias if the identity is unknown</translation>
    </message>
    <message>
      <source>身份已知</source>
      <translation>Identity known</translation>
    </message>
    <message>
      <source>（不填）</source>
      <translation>(none)</translation>
    </message>
  </context>
  <context>
    <name>PlannerWidget</name>
    <message>
      <source>只看逾期</source>
      <translation>Overdue only</translation>
    </message>
    <message>
      <source>待访</source>
      <translation>Pending</translation>
    </message>
    <message>
      <source>本周</source>
      <translation>This week</translation>
    </message>
    <message>
      <source>本月</source>
      <translation>This month</translation>
    </message>
    <message>
      <source>记录回访…</source>
      <translation>Record visit…</translation>
    </message>
    <message>
      <source>逾期</source>
      <translation>Overdue</translation>
    </message>
  </context>
  <context>
    <name>PreviewPage</name>
    <message>
      <source>前 {0} 行保存后的样子：日期、性别、民族、户籍地和身份证号都已规范。标红的格子有问题，鼠标指向它可看原因；斜体是保存时补全的。</source>
      <translation>The first {0} rows as they will be stored, with dates, sex, ethnic group, household registration and ID numbers normalised. Red cells have a problem (point at one to see why); italics are filled in when saved.</translation>
    </message>
    <message>
      <source>整行</source>
      <translation>whole row</translation>
    </message>
    <message>
      <source>显示前 {0} 行，其中 {1} 行有问题。下一步检查整个文件。</source>
      <translation>Showing the first {0} rows; {1} have problems. The next step checks the whole file.</translation>
    </message>
    <message>
      <source>第 {0} 行提示：{1}</source>
      <translation>Row {0}, hint: {1}</translation>
    </message>
    <message>
      <source>第 {0} 行没有问题。</source>
      <translation>Row {0} has no problems.</translation>
    </message>
    <message>
      <source>第 {0} 行，{1}：{2}</source>
      <translation>Row {0}, {1}: {2}</translation>
    </message>
    <message>
      <source>预览</source>
      <translation>Preview</translation>
    </message>
  </context>
  <context>
    <name>RecordDialog</name>
    <message>
      <source>保存</source>
      <translation>Save</translation>
    </message>
  </context>
  <context>
    <name>RecordVisitDialog</name>
    <message>
      <source>yyyy年M月d日</source>
      <translation>d MMM yyyy</translation>
    </message>
    <message>
      <source>下次回访（建议）</source>
      <translation>Next visit (suggested)</translation>
    </message>
    <message>
      <source>保存</source>
      <translation>Save</translation>
    </message>
    <message>
      <source>发现的问题</source>
      <translation>Problems found</translation>
    </message>
    <message>
      <source>回访日期</source>
      <translation>Visit date</translation>
    </message>
    <message>
      <source>方式</source>
      <translation>Method</translation>
    </message>
    <message>
      <source>记录回访 — {0}</source>
      <translation>Record Follow-up Visit — {0}</translation>
    </message>
    <message>
      <source>采取的措施</source>
      <translation>Actions taken</translation>
    </message>
  </context>
  <context>
    <name>ReplyDialog</name>
    <message>
      <source>PDF 文件 (*.pdf)</source>
      <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
      <source>yyyy年M月d日</source>
      <translation>d MMM yyyy</translation>
    </message>
    <message>
      <source>{0}：致{1}，{2}</source>
      <translation>{0}: to {1}, {2}</translation>
    </message>
    <message>
      <source>保存回执</source>
      <translation>Save reply</translation>
    </message>
    <message>
      <source>另存副本为 PDF</source>
      <translation>Save copy as PDF</translation>
    </message>
    <message>
      <source>回执</source>
      <translation>Reply slip</translation>
    </message>
    <message>
      <source>对方答复</source>
      <translation>Recipient's answer</translation>
    </message>
    <message>
      <source>已另存副本。</source>
      <translation>Copy saved.</translation>
    </message>
    <message>
      <source>扫描回执二维码，或输入编号如〔2026〕转字第0001号</source>
      <translation>Scan the QR code on the reply slip, or enter the letter number, e.g. 〔2026〕转字第0001号</translation>
    </message>
    <message>
      <source>查找</source>
      <translation>Find</translation>
    </message>
    <message>
      <source>登记转介回执</source>
      <translation>Register Referral Reply</translation>
    </message>
    <message>
      <source>答复日期</source>
      <translation>Reply date</translation>
    </message>
    <message>
      <source>说明</source>
      <translation>Notes</translation>
    </message>
    <message>
      <source>重印副本…</source>
      <translation>Reprint copy…</translation>
    </message>
  </context>
  <context>
    <name>ResultPage</name>
    <message>
      <source>其中 {0} 个个案并入已有档案；按您的决定跳过 {1} 行。</source>
      <translation>Of these, {0} cases joined existing records; {1} rows were skipped as you decided.</translation>
    </message>
    <message>
      <source>在个案列表中查看导入的个案</source>
      <translation>Show the imported cases in the case list</translation>
    </message>
    <message>
      <source>导入完成</source>
      <translation>Import finished</translation>
    </message>
    <message>
      <source>导入已保存，并记入审计记录（文件名、SHA-256、行数和导入人）。</source>
      <translation>The import is saved and recorded in the audit trail (file name, SHA-256, row counts and who imported).</translation>
    </message>
    <message>
      <source>已导入 {0} 个个案（读取 {1} 行，{2} 行有问题未导入）。</source>
      <translation>Imported {0} cases ({1} rows read, {2} rows with problems not imported).</translation>
    </message>
  </context>
  <context>
    <name>SettingsDialog</name>
    <message>
      <source> 天</source>
      <translation> days</translation>
    </message>
    <message>
      <source>PostgreSQL 数据库不在本机自动备份：请由服务器管理员用 pg_dump 定期备份（见 docs/backup.md）。</source>
      <translation>A PostgreSQL database is not backed up automatically on this computer: the server's administrator should back it up regularly with pg_dump (see docs/backup.md).</translation>
    </message>
    <message>
      <source>保存</source>
      <translation>Save</translation>
    </message>
    <message>
      <source>保留天数</source>
      <translation>Days kept</translation>
    </message>
    <message>
      <source>只有管理员可以修改保留天数。</source>
      <translation>Only an administrator can change the days kept.</translation>
    </message>
    <message>
      <source>备份文件夹</source>
      <translation>Backup folder</translation>
    </message>
    <message>
      <source>每天第一次登录时自动备份一次，连同 .keys 密钥文件；超过保留天数的自动备份会被删除。</source>
      <translation>The database is backed up automatically at the first log-in of each day, together with its .keys key file; automatic backups older than the days kept are deleted.</translation>
    </message>
    <message>
      <source>界面语言 / Language</source>
      <translation>界面语言 / Language</translation>
    </message>
    <message>
      <source>界面语言在重新登录后生效。</source>
      <translation>The interface language takes effect at the next log-in.</translation>
    </message>
    <message>
      <source>自动备份</source>
      <translation>Automatic backups</translation>
    </message>
    <message>
      <source>设置</source>
      <translation>Settings</translation>
    </message>
  </context>
  <context>
    <name>StageDialog</name>
    <message>
      <source>%Y年%m月%d日</source>
      <translation>%d %b %Y</translation>
    </message>
    <message>
      <source>{0}于{1}申请结案，理由：{2}</source>
      <translation>{0} asked to close the case on {1}. Reason: {2}</translation>
    </message>
    <message>
      <source>操作</source>
      <translation>Action</translation>
    </message>
    <message>
      <source>理由</source>
      <translation>Reason</translation>
    </message>
    <message>
      <source>确定</source>
      <translation>OK</translation>
    </message>
    <message>
      <source>阶段</source>
      <translation>Stage</translation>
    </message>
    <message>
      <source>阶段与结案</source>
      <translation>Stage and Closure</translation>
    </message>
  </context>
  <context>
    <name>TemplateEditorWidget</name>
    <message>
      <source> 天</source>
      <translation> days</translation>
    </message>
    <message>
      <source>保存为新版本</source>
      <translation>Save as new version</translation>
    </message>
    <message>
      <source>允许（经社工确认后）写入身份证号</source>
      <translation>Allow the ID number (after the caseworker confirms)</translation>
    </message>
    <message>
      <source>原始模板</source>
      <translation>Original template</translation>
    </message>
    <message>
      <source>恢复原始模板</source>
      <translation>Restore original template</translation>
    </message>
    <message>
      <source>披露字段</source>
      <translation>Disclosed fields</translation>
    </message>
    <message>
      <source>正文（每行一段，可用 {name} {sex} {age} {service} {recipient}）</source>
      <translation>Body (one paragraph per line; you can use {name} {sex} {age} {service} {recipient})</translation>
    </message>
    <message>
      <source>版本</source>
      <translation>Version</translation>
    </message>
    <message>
      <source>答复期限</source>
      <translation>Reply due</translation>
    </message>
    <message>
      <source>类型</source>
      <translation>Type</translation>
    </message>
    <message>
      <source>默认服务</source>
      <translation>Default service</translation>
    </message>
  </context>
  <context>
    <name>TransferDialog</name>
    <message>
      <source>个案保留编号和全部记录；接收单位的主管接收（指定新的个案工作者）或拒绝。转出后本单位仍可查看转出前记录的内容，但不能修改。</source>
      <translation>The case keeps its number and all its records; the receiving unit's supervisor accepts it (choosing the new caseworker) or rejects it. After it leaves, this unit can still read what it recorded before, but not change it.</translation>
    </message>
    <message>
      <source>例如：返回户籍地生活，由当地民政局继续救助</source>
      <translation>e.g. going back to live in her home county; the local civil-affairs bureau continues the assistance</translation>
    </message>
    <message>
      <source>受助人已同意向该单位提供个人信息。</source>
      <translation>The person has consented to sharing her data with this unit.</translation>
    </message>
    <message>
      <source>处理意见</source>
      <translation>Decision</translation>
    </message>
    <message>
      <source>已申请转移到{0}，待接收单位的主管接收。</source>
      <translation>Transfer to {0} requested; waiting for the receiving unit's supervisor.</translation>
    </message>
    <message>
      <source>接收单位</source>
      <translation>Receiving unit</translation>
    </message>
    <message>
      <source>本个案的转移：</source>
      <translation>Transfers of this case:</translation>
    </message>
    <message>
      <source>没有受助人同意时，主管越权批准的理由</source>
      <translation>Supervisor's reason for overriding when there is no consent</translation>
    </message>
    <message>
      <source>没有受助人（或其监护人）向该单位提供个人信息的同意：须由主管填写越权理由。</source>
      <translation>No consent of the person (or her guardian) to share her data with this unit: a supervisor must give a reason to override.</translation>
    </message>
    <message>
      <source>没有可以接收的单位。</source>
      <translation>There is no unit that could receive the case.</translation>
    </message>
    <message>
      <source>状态</source>
      <translation>Status</translation>
    </message>
    <message>
      <source>理由</source>
      <translation>Reason</translation>
    </message>
    <message>
      <source>申请人</source>
      <translation>Requested by</translation>
    </message>
    <message>
      <source>申请转移</source>
      <translation>Request transfer</translation>
    </message>
    <message>
      <source>申请转移到另一个单位</source>
      <translation>Request a transfer to another unit</translation>
    </message>
    <message>
      <source>越权理由</source>
      <translation>Override reason</translation>
    </message>
    <message>
      <source>转移个案</source>
      <translation>Transfer Case</translation>
    </message>
    <message>
      <source>转移理由</source>
      <translation>Reason for transfer</translation>
    </message>
  </context>
  <context>
    <name>TransfersDialog</name>
    <message>
      <source>两次输入的密码不一致。</source>
      <translation>The two passwords do not match.</translation>
    </message>
    <message>
      <source>个案编号</source>
      <translation>Case number</translation>
    </message>
    <message>
      <source>个案转移</source>
      <translation>Case Transfers</translation>
    </message>
    <message>
      <source>再输入一次密码：</source>
      <translation>Enter the password again:</translation>
    </message>
    <message>
      <source>发出单位</source>
      <translation>Sending unit</translation>
    </message>
    <message>
      <source>受助人</source>
      <translation>Person</translation>
    </message>
    <message>
      <source>处理意见</source>
      <translation>Decision</translation>
    </message>
    <message>
      <source>备注</source>
      <translation>Notes</translation>
    </message>
    <message>
      <source>备注（可不填）</source>
      <translation>Note (optional)</translation>
    </message>
    <message>
      <source>导入转移包</source>
      <translation>Imported a transfer package</translation>
    </message>
    <message>
      <source>导入转移包…</source>
      <translation>Import Transfer Package…</translation>
    </message>
    <message>
      <source>导出转移包</source>
      <translation>Exported a transfer package</translation>
    </message>
    <message>
      <source>导出转移包…</source>
      <translation>Export Transfer Package…</translation>
    </message>
    <message>
      <source>已导入个案 {0} 的转移包，请接收或拒绝。</source>
      <translation>The transfer package of case {0} was imported; please accept or reject it.</translation>
    </message>
    <message>
      <source>已导出转移包 {0}；请把文件和密码分开交给接收单位。</source>
      <translation>Transfer package {0} exported; give the file and the password to the receiving unit separately.</translation>
    </message>
    <message>
      <source>已拒绝接收个案 {0}。</source>
      <translation>Case {0} rejected.</translation>
    </message>
    <message>
      <source>已接收个案 {0}。</source>
      <translation>Case {0} accepted.</translation>
    </message>
    <message>
      <source>已撤回个案 {0} 的转移。</source>
      <translation>Withdrew the transfer of case {0}.</translation>
    </message>
    <message>
      <source>打开个案</source>
      <translation>Open case</translation>
    </message>
    <message>
      <source>拒绝</source>
      <translation>Reject</translation>
    </message>
    <message>
      <source>拒绝理由</source>
      <translation>Reason for rejecting</translation>
    </message>
    <message>
      <source>接收</source>
      <translation>Accept</translation>
    </message>
    <message>
      <source>接收单位</source>
      <translation>Receiving unit</translation>
    </message>
    <message>
      <source>接收或拒绝所选的转移</source>
      <translation>Accept or reject the selected transfer</translation>
    </message>
    <message>
      <source>撤回个案 {0} 的转移（已导出转移包的，个案回到本单位），理由：</source>
      <translation>Withdraw the transfer of case {0} (a case sent as a package comes back to this unit); reason:</translation>
    </message>
    <message>
      <source>撤回转移</source>
      <translation>Withdraw transfer</translation>
    </message>
    <message>
      <source>撤回转移…</source>
      <translation>Withdraw transfer…</translation>
    </message>
    <message>
      <source>新的个案工作者</source>
      <translation>New caseworker</translation>
    </message>
    <message>
      <source>状态</source>
      <translation>Status</translation>
    </message>
    <message>
      <source>理由</source>
      <translation>Reason</translation>
    </message>
    <message>
      <source>申请人</source>
      <translation>Requested by</translation>
    </message>
    <message>
      <source>编号</source>
      <translation>ID</translation>
    </message>
    <message>
      <source>请选择新的个案工作者。</source>
      <translation>Please choose the new caseworker.</translation>
    </message>
    <message>
      <source>转移包 (*.rdtransfer)</source>
      <translation>Transfer packages (*.rdtransfer)</translation>
    </message>
    <message>
      <source>转移包 (*.rdtransfer);;所有文件 (*)</source>
      <translation>Transfer packages (*.rdtransfer);;All files (*)</translation>
    </message>
    <message>
      <source>转移包的密码（请另行告知接收单位）：</source>
      <translation>Password of the package (tell the receiving unit separately):</translation>
    </message>
  </context>
  <context>
    <name>dialog</name>
    <message>
      <source>关闭</source>
      <translation>Close</translation>
    </message>
    <message>
      <source>取消</source>
      <translation>Cancel</translation>
    </message>
  </context>
  <context>
    <name>fields</name>
    <message>
      <source>
以后每次启动时将询问数据库密码。</source>
      <translation>
You will be asked for the database password each time the program starts.</translation>
    </message>
    <message>
      <source> 名受助人</source>
      <translation> persons</translation>
    </message>
    <message>
      <source> 天</source>
      <translation> days</translation>
    </message>
    <message>
      <source> 岁</source>
      <translation> years</translation>
    </message>
    <message>
      <source>%Y年%m月%d日</source>
      <translation>%Y-%m-%d</translation>
    </message>
    <message>
      <source>%Y年%m月%d日 %H:%M</source>
      <translation>%Y-%m-%d %H:%M</translation>
    </message>
    <message>
      <source>2019年7月</source>
      <translation>July 2019</translation>
    </message>
    <message>
      <source>&lt; 上一步(&amp;B)</source>
      <translation>&lt; &amp;Back</translation>
    </message>
    <message>
      <source>CSV 或 XLSX 文件，第一行为列名：查询编号、查询人、走失者姓名……</source>
      <translation>A CSV or XLSX file, column names in the first row: 查询编号, 查询人, 走失者姓名…</translation>
    </message>
    <message>
      <source>CSV 文件，{0} 编码</source>
      <translation>CSV file, {0} encoding</translation>
    </message>
    <message>
      <source>PDF 文件 (*.pdf)</source>
      <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
      <source>PostgreSQL 数据库不在本机自动备份：请由服务器管理员用 pg_dump 定期备份（见 docs/backup.md）。</source>
      <translation>A PostgreSQL database is not backed up automatically on this computer: the server's administrator should back it up regularly with pg_dump (see docs/backup.md).</translation>
    </message>
    <message>
      <source>PostgreSQL 服务器（多台电脑共用）</source>
      <translation>PostgreSQL server (shared by several computers)</translation>
    </message>
    <message>
      <source>RescueDesk 被拐卖受害人救助档案 — {0}</source>
      <translation>RescueDesk Trafficking Victim Assistance Records — {0}</translation>
    </message>
    <message>
      <source>RescueDesk 首次启动</source>
      <translation>RescueDesk First Start</translation>
    </message>
    <message>
      <source>RescueDesk（已锁定）</source>
      <translation>RescueDesk (locked)</translation>
    </message>
    <message>
      <source>yyyy年M月d日</source>
      <translation>d MMM yyyy</translation>
    </message>
    <message>
      <source>{0}

作为主管，您可以说明理由后越权批准（理由将记入个案经过）：</source>
      <translation>{0}

As a supervisor, you can override this by giving a reason (the reason will be recorded in the case history):</translation>
    </message>
    <message>
      <source>{0} {1} 的候选人</source>
      <translation>Candidates for {0} {1}</translation>
    </message>
    <message>
      <source>{0} {1}设置</source>
      <translation>set {0} by {1}</translation>
    </message>
    <message>
      <source>{0} 个个案有尚未保存的输入。退出并放弃这些输入吗？</source>
      <translation>{0} case(s) have unsaved input. Quit and discard it?</translation>
    </message>
    <message>
      <source>{0} 条记录（最新在前）</source>
      <translation>Records: {0} (newest first)</translation>
    </message>
    <message>
      <source>{0} 登记时按受助人信息自动设置</source>
      <translation>set {0} at registration, from the person's record</translation>
    </message>
    <message>
      <source>{0} 行可能重复（{1} 个候选），还有 {2} 行未决定。</source>
      <translation>{0} rows may be duplicates ({1} candidates); {2} rows still undecided.</translation>
    </message>
    <message>
      <source>{0}{1}</source>
      <translation>{0} {1}</translation>
    </message>
    <message>
      <source>{0}–{1}岁</source>
      <translation>{0}–{1} years</translation>
    </message>
    <message>
      <source>{0}于{1}申请结案，理由：{2}</source>
      <translation>{0} asked to close the case on {1}. Reason: {2}</translation>
    </message>
    <message>
      <source>{0}岁</source>
      <translation>age {0}</translation>
    </message>
    <message>
      <source>{0}年{1}月{2}日</source>
      <translation>{2}/{1}/{0}</translation>
    </message>
    <message>
      <source>{0}（{1}）</source>
      <translation>{0} ({1})</translation>
    </message>
    <message>
      <source>{0}（{1}），共 {2} 列。</source>
      <translation>{0} ({1}), {2} columns.</translation>
    </message>
    <message>
      <source>{0}（估计）</source>
      <translation>{0} (estimated)</translation>
    </message>
    <message>
      <source>{0}（编号 {1}）并入 {2}（编号 {3}），转移个案：{4}</source>
      <translation>{0} (no. {1}) merged into {2} (no. {3}), cases moved: {4}</translation>
    </message>
    <message>
      <source>{0}：{1}</source>
      <translation>{0}: {1}</translation>
    </message>
    <message>
      <source>{0}：致{1}，{2}</source>
      <translation>{0}: to {1}, {2}</translation>
    </message>
    <message>
      <source>“{0}”原来导入为“{1}”，已改为不导入。</source>
      <translation>“{0}” was imported as “{1}”; it is now not imported.</translation>
    </message>
    <message>
      <source>“{0}”可指{1}个地点，请从列表中选择一个。</source>
      <translation>“{0}” may mean {1} places; choose one from the list.</translation>
    </message>
    <message>
      <source>……还有更多，见“回访计划”</source>
      <translation>… more in "Follow-up Plan"</translation>
    </message>
    <message>
      <source>一般</source>
      <translation>Fair</translation>
    </message>
    <message>
      <source>上一步</source>
      <translation>Back</translation>
    </message>
    <message>
      <source>上次比对列出的 {0} 名候选人；按“重新比对”（F5）重新查找。</source>
      <translation>{0} candidates listed by the last match; press Compare again (F5) to search anew.</translation>
    </message>
    <message>
      <source>上次窗口锁定后由其他用户登录，您有 {0} 份未保存的输入。现在恢复吗？</source>
      <translation>After your window was locked, another user logged in. You have {0} piece(s) of unsaved input. Restore them now?</translation>
    </message>
    <message>
      <source>上门</source>
      <translation>Home visit</translation>
    </message>
    <message>
      <source>下一步</source>
      <translation>Next</translation>
    </message>
    <message>
      <source>下一步(&amp;N) &gt;</source>
      <translation>&amp;Next &gt;</translation>
    </message>
    <message>
      <source>下次回访 {0}</source>
      <translation>next visit {0}</translation>
    </message>
    <message>
      <source>下次回访日期</source>
      <translation>Next visit date</translation>
    </message>
    <message>
      <source>下次回访（建议）</source>
      <translation>Next visit (suggested)</translation>
    </message>
    <message>
      <source>不了解</source>
      <translation>Unknown</translation>
    </message>
    <message>
      <source>不使用照片</source>
      <translation>No photo</translation>
    </message>
    <message>
      <source>不保存；您的输入仍留在表单中</source>
      <translation>Don't save; your input stays in the form</translation>
    </message>
    <message>
      <source>不导入</source>
      <translation>Do not import</translation>
    </message>
    <message>
      <source>不满14周岁</source>
      <translation>Under 14</translation>
    </message>
    <message>
      <source>不详</source>
      <translation>Unknown</translation>
    </message>
    <message>
      <source>不附照片</source>
      <translation>No photo</translation>
    </message>
    <message>
      <source>不限</source>
      <translation>no end</translation>
    </message>
    <message>
      <source>与受助人关系</source>
      <translation>Relationship to the person</translation>
    </message>
    <message>
      <source>与走失者关系</source>
      <translation>Relation to the missing person</translation>
    </message>
    <message>
      <source>两份档案是同一人时才合并。被合并档案的全部个案、回访和经过都转到保留的档案，合并记录写明谁在何时合并了什么，以后可以在个案页撤销。</source>
      <translation>Merge only when both records are the same person. Every case, visit and history entry of the merged record moves to the kept one; the merge records who merged what and when, and can be undone from the case tab.</translation>
    </message>
    <message>
      <source>两次输入的密码不一致。</source>
      <translation>The two passwords do not match.</translation>
    </message>
    <message>
      <source>个案</source>
      <translation>Cases</translation>
    </message>
    <message>
      <source>个案 {0}：{1}</source>
      <translation>Case {0}: {1}</translation>
    </message>
    <message>
      <source>个案(&amp;C)</source>
      <translation>&amp;Case</translation>
    </message>
    <message>
      <source>个案保留编号和全部记录；接收单位的主管接收（指定新的个案工作者）或拒绝。转出后本单位仍可查看转出前记录的内容，但不能修改。</source>
      <translation>The case keeps its number and all its records; the receiving unit's supervisor accepts it (choosing the new caseworker) or rejects it. After it leaves, this unit can still read what it recorded before, but not change it.</translation>
    </message>
    <message>
      <source>个案列表</source>
      <translation>Case List</translation>
    </message>
    <message>
      <source>个案工作者</source>
      <translation>Caseworker</translation>
    </message>
    <message>
      <source>个案工作者已改为{0}。</source>
      <translation>The caseworker is now {0}.</translation>
    </message>
    <message>
      <source>个案所属单位</source>
      <translation>the case's unit</translation>
    </message>
    <message>
      <source>个案标记</source>
      <translation>case flag</translation>
    </message>
    <message>
      <source>个案编号</source>
      <translation>Case number</translation>
    </message>
    <message>
      <source>个案转移</source>
      <translation>Case Transfers</translation>
    </message>
    <message>
      <source>个案转移…</source>
      <translation>Case Transfers…</translation>
    </message>
    <message>
      <source>丫丫</source>
      <translation>Yaya</translation>
    </message>
    <message>
      <source>中</source>
      <translation>Medium</translation>
    </message>
    <message>
      <source>中止</source>
      <translation>Discontinued</translation>
    </message>
    <message>
      <source>中等</source>
      <translation>Medium</translation>
    </message>
    <message>
      <source>临时救助金</source>
      <translation>Temporary cash assistance</translation>
    </message>
    <message>
      <source>临时监护</source>
      <translation>Temporary guardianship</translation>
    </message>
    <message>
      <source>为 {0} 个个案生成</source>
      <translation>Generate for selected cases ({0})</translation>
    </message>
    <message>
      <source>为什么排除 {0}（查询 {1}）？（理由将记入个案）</source>
      <translation>Why is {0} ruled out (inquiry {1})? (The reason goes into the case file.)</translation>
    </message>
    <message>
      <source>为什么是同一人，例如：身份证号、照片、本人确认</source>
      <translation>Why this is the same person, e.g. ID number, photo, confirmed by herself</translation>
    </message>
    <message>
      <source>为什么认为 {0} 可能是查询 {1} 寻找的人？（理由将记入个案）</source>
      <translation>Why may {0} be the person inquiry {1} seeks? (The reason goes into the case file.)</translation>
    </message>
    <message>
      <source>为选中的个案批量打印转介函…</source>
      <translation>Batch-Print Referral Letters for Selected Cases…</translation>
    </message>
    <message>
      <source>主管</source>
      <translation>Supervisor</translation>
    </message>
    <message>
      <source>事件</source>
      <translation>Event</translation>
    </message>
    <message>
      <source>事项</source>
      <translation>Task</translation>
    </message>
    <message>
      <source>人员</source>
      <translation>Staff</translation>
    </message>
    <message>
      <source>人员与分派</source>
      <translation>People and assignments</translation>
    </message>
    <message>
      <source>人员与分派…</source>
      <translation>People and assignments…</translation>
    </message>
    <message>
      <source>人社部门</source>
      <translation>Human resources and social security</translation>
    </message>
    <message>
      <source>仅在没有受助人同意时，由主管填写越权理由</source>
      <translation>Only if the person has not consented: the supervisor enters the reason for the override</translation>
    </message>
    <message>
      <source>从文件导入…</source>
      <translation>Import from file…</translation>
    </message>
    <message>
      <source>从文件导入寻亲查询</source>
      <translation>Import inquiries from a file</translation>
    </message>
    <message>
      <source>代码</source>
      <translation>Code</translation>
    </message>
    <message>
      <source>代码（用于个案编号）</source>
      <translation>Code (used in case numbers)</translation>
    </message>
    <message>
      <source>以其他用户登录…</source>
      <translation>Log in as another user…</translation>
    </message>
    <message>
      <source>估计出生年份</source>
      <translation>Estimated year of birth</translation>
    </message>
    <message>
      <source>估计年龄</source>
      <translation>Estimated age</translation>
    </message>
    <message>
      <source>低</source>
      <translation>Low</translation>
    </message>
    <message>
      <source>住址</source>
      <translation>Address</translation>
    </message>
    <message>
      <source>住宿</source>
      <translation>Lodging</translation>
    </message>
    <message>
      <source>住院治疗</source>
      <translation>Inpatient treatment</translation>
    </message>
    <message>
      <source>体型</source>
      <translation>Build</translation>
    </message>
    <message>
      <source>体貌特征</source>
      <translation>Physical features</translation>
    </message>
    <message>
      <source>体貌特征（供寻亲比对）</source>
      <translation>Description (for family tracing)</translation>
    </message>
    <message>
      <source>作废</source>
      <translation>Voided</translation>
    </message>
    <message>
      <source>作废…</source>
      <translation>Void…</translation>
    </message>
    <message>
      <source>作废原因（记录不会删除，仍留在个案经过中）：</source>
      <translation>Reason for voiding (the record is not deleted; it stays in the case history):</translation>
    </message>
    <message>
      <source>作废所选…</source>
      <translation>Void selected…</translation>
    </message>
    <message>
      <source>作废照片</source>
      <translation>Void photo</translation>
    </message>
    <message>
      <source>作废理由（照片将被删除，记录和理由保留）：</source>
      <translation>Reason for voiding (the photo is deleted; the record and the reason are kept):</translation>
    </message>
    <message>
      <source>作废记录</source>
      <translation>Void Record</translation>
    </message>
    <message>
      <source>例如：返乡后由户籍地妇联回访</source>
      <translation>e.g. visits by the women's federation of her home county after her return</translation>
    </message>
    <message>
      <source>例如：返回户籍地生活，由当地民政局继续救助</source>
      <translation>e.g. going back to live in her home county; the local civil-affairs bureau continues the assistance</translation>
    </message>
    <message>
      <source>保存</source>
      <translation>Save</translation>
    </message>
    <message>
      <source>保存 (Ctrl+S)</source>
      <translation>Save (Ctrl+S)</translation>
    </message>
    <message>
      <source>保存PDF…</source>
      <translation>Save PDF…</translation>
    </message>
    <message>
      <source>保存个案信息</source>
      <translation>Save case details</translation>
    </message>
    <message>
      <source>保存为 JSON 文件，下次导入同样的台账时选择它；命令行 --mapping 也读它。</source>
      <translation>Saved as a JSON file: choose it the next time you import a ledger like this one; the command line reads it with --mapping.</translation>
    </message>
    <message>
      <source>保存为新版本</source>
      <translation>Save as new version</translation>
    </message>
    <message>
      <source>保存体貌特征</source>
      <translation>Save description</translation>
    </message>
    <message>
      <source>保存冲突：该记录已被他人修改</source>
      <translation>Save Conflict: Someone Else Changed This Record</translation>
    </message>
    <message>
      <source>保存到</source>
      <translation>Save to</translation>
    </message>
    <message>
      <source>保存受助人信息</source>
      <translation>Save person details</translation>
    </message>
    <message>
      <source>保存回执</source>
      <translation>Save reply</translation>
    </message>
    <message>
      <source>保存寻亲公告</source>
      <translation>Save the tracing announcement</translation>
    </message>
    <message>
      <source>保存时自动补全或规范（如由身份证号得出出生日期和性别）</source>
      <translation>Filled in or normalised when saved (e.g. birth date and sex from the ID number)</translation>
    </message>
    <message>
      <source>保存映射</source>
      <translation>Save the mapping</translation>
    </message>
    <message>
      <source>保存映射…</source>
      <translation>Save mapping…</translation>
    </message>
    <message>
      <source>保存未完成的输入</source>
      <translation>Kept unsaved input</translation>
    </message>
    <message>
      <source>保存转介函的文件夹</source>
      <translation>Folder for the referral letters</translation>
    </message>
    <message>
      <source>保存问题清单</source>
      <translation>Save the problem list</translation>
    </message>
    <message>
      <source>保存问题清单…</source>
      <translation>Save problem list…</translation>
    </message>
    <message>
      <source>保留天数</source>
      <translation>Days kept</translation>
    </message>
    <message>
      <source>保留这份（编号 {0}）(&amp;{1})</source>
      <translation>Keep this record (no. {0}) (&amp;{1})</translation>
    </message>
    <message>
      <source>信息共享</source>
      <translation>Information sharing</translation>
    </message>
    <message>
      <source>修改</source>
      <translation>Edited</translation>
    </message>
    <message>
      <source>修改…</source>
      <translation>Edit…</translation>
    </message>
    <message>
      <source>修改寻亲查询</source>
      <translation>Edit inquiry</translation>
    </message>
    <message>
      <source>修改所选</source>
      <translation>Edit selected</translation>
    </message>
    <message>
      <source>修改记录</source>
      <translation>Edit record</translation>
    </message>
    <message>
      <source>修改设置</source>
      <translation>Changed a setting</translation>
    </message>
    <message>
      <source>修改转介函模板</source>
      <translation>Edited a letter template</translation>
    </message>
    <message>
      <source>候选人</source>
      <translation>Candidates</translation>
    </message>
    <message>
      <source>偏瘦</source>
      <translation>Slim</translation>
    </message>
    <message>
      <source>偏胖</source>
      <translation>Heavy</translation>
    </message>
    <message>
      <source>停用账户</source>
      <translation>Disabled an account</translation>
    </message>
    <message>
      <source>健康</source>
      <translation>Health</translation>
    </message>
    <message>
      <source>健康状况</source>
      <translation>Health condition</translation>
    </message>
    <message>
      <source>儿童福利机构</source>
      <translation>Child-welfare institution</translation>
    </message>
    <message>
      <source>允许（经社工确认后）写入身份证号</source>
      <translation>Allow the ID number (after the caseworker confirms)</translation>
    </message>
    <message>
      <source>兄弟姐妹</source>
      <translation>Sibling</translation>
    </message>
    <message>
      <source>入学</source>
      <translation>Enrollment</translation>
    </message>
    <message>
      <source>入户</source>
      <translation>Home visit</translation>
    </message>
    <message>
      <source>入院体检</source>
      <translation>Admission medical exam</translation>
    </message>
    <message>
      <source>全国救助寻亲网</source>
      <translation>National family-tracing website</translation>
    </message>
    <message>
      <source>全部</source>
      <translation>All</translation>
    </message>
    <message>
      <source>全部事项</source>
      <translation>All tasks</translation>
    </message>
    <message>
      <source>全部保留我的</source>
      <translation>Keep all mine</translation>
    </message>
    <message>
      <source>全部标记</source>
      <translation>All flags</translation>
    </message>
    <message>
      <source>全部比对</source>
      <translation>Compare all</translation>
    </message>
    <message>
      <source>全部采用已保存的</source>
      <translation>Use all saved</translation>
    </message>
    <message>
      <source>全部阶段</source>
      <translation>All stages</translation>
    </message>
    <message>
      <source>公共就业服务</source>
      <translation>Public employment service</translation>
    </message>
    <message>
      <source>公告中使用照片</source>
      <translation>Photo in announcements</translation>
    </message>
    <message>
      <source>公告发布日期</source>
      <translation>Notice publication date</translation>
    </message>
    <message>
      <source>公告媒体</source>
      <translation>Notice published in</translation>
    </message>
    <message>
      <source>公告期</source>
      <translation>Period</translation>
    </message>
    <message>
      <source>公告期（天）</source>
      <translation>Notice period (days)</translation>
    </message>
    <message>
      <source>公安机关</source>
      <translation>Police</translation>
    </message>
    <message>
      <source>公安机关查询</source>
      <translation>Police inquiry</translation>
    </message>
    <message>
      <source>公安机关移交</source>
      <translation>Police handover</translation>
    </message>
    <message>
      <source>公安机关采集DNA</source>
      <translation>DNA sample taken by police</translation>
    </message>
    <message>
      <source>公安案件编号</source>
      <translation>Police case number</translation>
    </message>
    <message>
      <source>公安编号</source>
      <translation>Police reference</translation>
    </message>
    <message>
      <source>公安编号（案件或文书编号）</source>
      <translation>Police reference (case or document number)</translation>
    </message>
    <message>
      <source>兰州市民政局</source>
      <translation>Lanzhou Civil Affairs Bureau</translation>
    </message>
    <message>
      <source>共 {0} 个个案</source>
      <translation>Cases: {0}</translation>
    </message>
    <message>
      <source>共 {0} 条寻亲查询</source>
      <translation>{0} inquiries</translation>
    </message>
    <message>
      <source>共 {0} 行：{1} 行可以导入，{2} 行有问题。</source>
      <translation>{0} rows: {1} can be imported, {2} have problems.</translation>
    </message>
    <message>
      <source>共享</source>
      <translation>Sharing</translation>
    </message>
    <message>
      <source>共青团</source>
      <translation>Communist Youth League</translation>
    </message>
    <message>
      <source>关系</source>
      <translation>Relationship</translation>
    </message>
    <message>
      <source>关闭</source>
      <translation>Close</translation>
    </message>
    <message>
      <source>关闭寻亲查询</source>
      <translation>Close inquiry</translation>
    </message>
    <message>
      <source>关闭查询</source>
      <translation>Close inquiry</translation>
    </message>
    <message>
      <source>关闭查询 {0} 的理由（如 家人已找到、查询人撤回）：</source>
      <translation>Why is inquiry {0} closed (e.g. family found, withdrawn by the inquirer)?</translation>
    </message>
    <message>
      <source>关闭查询…</source>
      <translation>Close inquiry…</translation>
    </message>
    <message>
      <source>关闭标签页</source>
      <translation>Close Tab</translation>
    </message>
    <message>
      <source>其中 {0} 个个案并入已有档案；按您的决定跳过 {1} 行。</source>
      <translation>Of these, {0} cases joined existing records; {1} rows were skipped as you decided.</translation>
    </message>
    <message>
      <source>其他</source>
      <translation>Other</translation>
    </message>
    <message>
      <source>其他亲属</source>
      <translation>Other relative</translation>
    </message>
    <message>
      <source>其他机构</source>
      <translation>Other agency</translation>
    </message>
    <message>
      <source>其他机构转来</source>
      <translation>Referred by another agency</translation>
    </message>
    <message>
      <source>内容</source>
      <translation>Text</translation>
    </message>
    <message>
      <source>再次输入</source>
      <translation>Repeat</translation>
    </message>
    <message>
      <source>再次输入密码</source>
      <translation>Repeat password</translation>
    </message>
    <message>
      <source>再输入一次密码：</source>
      <translation>Enter the password again:</translation>
    </message>
    <message>
      <source>写入身份证号（确认对方确需）</source>
      <translation>Include ID number (only if the recipient really needs it)</translation>
    </message>
    <message>
      <source>决定</source>
      <translation>Decision</translation>
    </message>
    <message>
      <source>几个名字用、分开</source>
      <translation>Separate several names with 、</translation>
    </message>
    <message>
      <source>几个小名用顿号分开，如 兰兰、丫丫</source>
      <translation>Several nicknames separated by 、, e.g. 兰兰、丫丫</translation>
    </message>
    <message>
      <source>出生年份</source>
      <translation>Birth year</translation>
    </message>
    <message>
      <source>出生日期</source>
      <translation>Date of birth</translation>
    </message>
    <message>
      <source>函号</source>
      <translation>Letter no.</translation>
    </message>
    <message>
      <source>分数</source>
      <translation>Score</translation>
    </message>
    <message>
      <source>分派</source>
      <translation>Assigned</translation>
    </message>
    <message>
      <source>分派给</source>
      <translation>Assign to</translation>
    </message>
    <message>
      <source>分派给我的个案</source>
      <translation>Cases assigned to me</translation>
    </message>
    <message>
      <source>列</source>
      <translation>Column</translation>
    </message>
    <message>
      <source>刘兰兰</source>
      <translation>Liu Lanlan</translation>
    </message>
    <message>
      <source>创建账户</source>
      <translation>Created an account</translation>
    </message>
    <message>
      <source>删除所选照护人</source>
      <translation>Remove selected carer</translation>
    </message>
    <message>
      <source>到期</source>
      <translation>Due</translation>
    </message>
    <message>
      <source>前 {0} 行保存后的样子：日期、性别、民族、户籍地和身份证号都已规范。标红的格子有问题，鼠标指向它可看原因；斜体是保存时补全的。</source>
      <translation>The first {0} rows as they will be stored, with dates, sex, ethnic group, household registration and ID numbers normalised. Red cells have a problem (point at one to see why); italics are filled in when saved.</translation>
    </message>
    <message>
      <source>办理居留</source>
      <translation>Residence formalities</translation>
    </message>
    <message>
      <source>动作</source>
      <translation>Action</translation>
    </message>
    <message>
      <source>动作，如 read、update、login_failed</source>
      <translation>Action, e.g. read, update, login_failed</translation>
    </message>
    <message>
      <source>勾选适用的标记，取消不再适用的标记</source>
      <translation>Tick the flags that apply; untick those that no longer do</translation>
    </message>
    <message>
      <source>化名</source>
      <translation>Alias</translation>
    </message>
    <message>
      <source>化名口令</source>
      <translation>Pseudonym passphrase</translation>
    </message>
    <message>
      <source>区救助站</source>
      <translation>District assistance station</translation>
    </message>
    <message>
      <source>医疗</source>
      <translation>Medical</translation>
    </message>
    <message>
      <source>医疗与康复</source>
      <translation>Medical care and rehabilitation</translation>
    </message>
    <message>
      <source>医疗康复</source>
      <translation>Medical and rehabilitation</translation>
    </message>
    <message>
      <source>医疗机构（合作机构）</source>
      <translation>Medical facility (partner agency)</translation>
    </message>
    <message>
      <source>医院</source>
      <translation>Hospital</translation>
    </message>
    <message>
      <source>医院/机构名称</source>
      <translation>Hospital/facility name</translation>
    </message>
    <message>
      <source>协办</source>
      <translation>co-working</translation>
    </message>
    <message>
      <source>单位</source>
      <translation>Unit</translation>
    </message>
    <message>
      <source>单位与合作机构</source>
      <translation>Units and Partner Agencies</translation>
    </message>
    <message>
      <source>单机使用选“本机数据库”（无需任何设置）；多台电脑共用一个数据库时选 PostgreSQL。</source>
      <translation>For use on a single computer, choose "Local database" (no setup needed); when several computers share one database, choose PostgreSQL.</translation>
    </message>
    <message>
      <source>即将年满18周岁：调整监护与安置</source>
      <translation>Turns 18 soon: review guardianship and placement</translation>
    </message>
    <message>
      <source>即将成年</source>
      <translation>Turning 18</translation>
    </message>
    <message>
      <source>压缩包密码</source>
      <translation>Archive password</translation>
    </message>
    <message>
      <source>原始模板</source>
      <translation>Original template</translation>
    </message>
    <message>
      <source>去标识化导出</source>
      <translation>De-identified Export</translation>
    </message>
    <message>
      <source>县</source>
      <translation>County</translation>
    </message>
    <message>
      <source>双击一项即移除</source>
      <translation>Double-click an item to remove it</translation>
    </message>
    <message>
      <source>双击一项，打开办理它的表单</source>
      <translation>Double-click an item to open the form that does it</translation>
    </message>
    <message>
      <source>双方都修改了这一项</source>
      <translation>Both sides changed this field</translation>
    </message>
    <message>
      <source>发出单位</source>
      <translation>Sending unit</translation>
    </message>
    <message>
      <source>发布</source>
      <translation>Publish</translation>
    </message>
    <message>
      <source>发布在哪里，如 全国救助寻亲网、某某日报</source>
      <translation>Where it was published, e.g. the national family-search platform, a daily paper</translation>
    </message>
    <message>
      <source>发布日期</source>
      <translation>Published on</translation>
    </message>
    <message>
      <source>发现地点</source>
      <translation>Place found</translation>
    </message>
    <message>
      <source>发现日期</source>
      <translation>Date found</translation>
    </message>
    <message>
      <source>发现时</source>
      <translation>When found</translation>
    </message>
    <message>
      <source>发现时衣着</source>
      <translation>Clothing when found</translation>
    </message>
    <message>
      <source>发现的问题</source>
      <translation>Problems found</translation>
    </message>
    <message>
      <source>取消</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <source>取消标记</source>
      <translation>Flag removed</translation>
    </message>
    <message>
      <source>取消检查</source>
      <translation>Stop checking</translation>
    </message>
    <message>
      <source>取消（继续编辑）</source>
      <translation>Cancel (keep editing)</translation>
    </message>
    <message>
      <source>受助人</source>
      <translation>Person</translation>
    </message>
    <message>
      <source>受助人信息</source>
      <translation>Person details</translation>
    </message>
    <message>
      <source>受助人合并</source>
      <translation>person merge</translation>
    </message>
    <message>
      <source>受助人已同意向该单位提供个人信息。</source>
      <translation>The person has consented to sharing her data with this unit.</translation>
    </message>
    <message>
      <source>受助人编号</source>
      <translation>Person ID</translation>
    </message>
    <message>
      <source>受理日期</source>
      <translation>Date accepted</translation>
    </message>
    <message>
      <source>变更阶段（退回需填写理由）</source>
      <translation>Change stage (going back requires a reason)</translation>
    </message>
    <message>
      <source>口音</source>
      <translation>Accent</translation>
    </message>
    <message>
      <source>口音（具体描述）</source>
      <translation>Accent (as heard)</translation>
    </message>
    <message>
      <source>另存为</source>
      <translation>Save As</translation>
    </message>
    <message>
      <source>另存为 PDF</source>
      <translation>Save as PDF</translation>
    </message>
    <message>
      <source>另存为 PDF…</source>
      <translation>Save as PDF…</translation>
    </message>
    <message>
      <source>另存为 XLSX…</source>
      <translation>Save as XLSX…</translation>
    </message>
    <message>
      <source>另存副本为 PDF</source>
      <translation>Save copy as PDF</translation>
    </message>
    <message>
      <source>另有 {0} 人没有有效的寻亲同意，未参加比对。</source>
      <translation>{0} more had no tracing consent in force and were not compared.</translation>
    </message>
    <message>
      <source>另有 {0} 条提示，不影响导入。</source>
      <translation> Also {0} hints, which do not stop the import.</translation>
    </message>
    <message>
      <source>只填公安机关的案件或文书编号；DNA 分型和样本编号只由公安机关保存</source>
      <translation>Only the police case or document number; DNA profiles and sample numbers stay with the police</translation>
    </message>
    <message>
      <source>只导入没有问题的 {0} 行（有问题的 {1} 行不导入，改正后可再导入）</source>
      <translation>Import only the {0} rows without problems (the {1} rows with problems are left out; import them once corrected)</translation>
    </message>
    <message>
      <source>只导入没有问题的行</source>
      <translation>Import only the rows without problems</translation>
    </message>
    <message>
      <source>只显示刚导入的 {0} 个个案。</source>
      <translation>Showing only the {0} cases just imported.</translation>
    </message>
    <message>
      <source>只有拟定中的方案可以批准。</source>
      <translation>Only proposed plans can be approved.</translation>
    </message>
    <message>
      <source>只有管理员可以修改保留天数。</source>
      <translation>Only an administrator can change the days kept.</translation>
    </message>
    <message>
      <source>只看逾期</source>
      <translation>Overdue only</translation>
    </message>
    <message>
      <source>可不选：按表头自动推断</source>
      <translation>Optional: otherwise guessed from the headers</translation>
    </message>
    <message>
      <source>可以导入 Excel（.xlsx）或 CSV 文件，CSV 可以是 UTF-8 或 GBK 编码。第一行非空的行是表头。以前保存过列的对应，可以一并选择。</source>
      <translation>An Excel (.xlsx) or CSV file can be imported; a CSV file may be UTF-8 or GBK. The first non-empty row holds the headers. If you saved a column mapping before, you can choose it too.</translation>
    </message>
    <message>
      <source>可共享给</source>
      <translation>May be shared with</translation>
    </message>
    <message>
      <source>可能是</source>
      <translation>May be</translation>
    </message>
    <message>
      <source>可能相符的查询</source>
      <translation>Inquiries that may be about her</translation>
    </message>
    <message>
      <source>可能重复</source>
      <translation>Possible duplicates</translation>
    </message>
    <message>
      <source>台账 (*.xlsx *.csv)</source>
      <translation>Ledgers (*.xlsx *.csv)</translation>
    </message>
    <message>
      <source>台账文件</source>
      <translation>Ledger file</translation>
    </message>
    <message>
      <source>台账文件（.xlsx 或 .csv）</source>
      <translation>Ledger file (.xlsx or .csv)</translation>
    </message>
    <message>
      <source>司法救助</source>
      <translation>Judicial assistance</translation>
    </message>
    <message>
      <source>合并</source>
      <translation>Merge</translation>
    </message>
    <message>
      <source>合并受助人</source>
      <translation>Merge persons</translation>
    </message>
    <message>
      <source>合并受助人…</source>
      <translation>Merge persons…</translation>
    </message>
    <message>
      <source>合并受助人记录</source>
      <translation>Merged person records</translation>
    </message>
    <message>
      <source>合并理由(&amp;R)：</source>
      <translation>&amp;Reason for the merge:</translation>
    </message>
    <message>
      <source>合并记录</source>
      <translation>Merges</translation>
    </message>
    <message>
      <source>同一人（并入已有档案）</source>
      <translation>Same person (join the existing record)</translation>
    </message>
    <message>
      <source>同一人（并入已有档案）(&amp;2)</source>
      <translation>Same person (join the existing record) (&amp;2)</translation>
    </message>
    <message>
      <source>同一人（并入本行的另一候选）</source>
      <translation>Same person (another candidate of this row)</translation>
    </message>
    <message>
      <source>同意书</source>
      <translation>Consent</translation>
    </message>
    <message>
      <source>同意人</source>
      <translation>Given by</translation>
    </message>
    <message>
      <source>同意日期</source>
      <translation>Date of consent</translation>
    </message>
    <message>
      <source>同意记录</source>
      <translation>Consent records</translation>
    </message>
    <message>
      <source>同意：{0}</source>
      <translation>Consent: {0}</translation>
    </message>
    <message>
      <source>名次</source>
      <translation>Rank</translation>
    </message>
    <message>
      <source>名称</source>
      <translation>Name</translation>
    </message>
    <message>
      <source>否</source>
      <translation>No</translation>
    </message>
    <message>
      <source>听力残疾</source>
      <translation>Hearing disability</translation>
    </message>
    <message>
      <source>启用账户</source>
      <translation>Enabled an account</translation>
    </message>
    <message>
      <source>哈尔滨市民政局（临时监护）</source>
      <translation>Harbin Civil Affairs Bureau (temporary guardian)</translation>
    </message>
    <message>
      <source>哈尔滨市第一人民医院</source>
      <translation>Harbin No. 1 People's Hospital</translation>
    </message>
    <message>
      <source>哈尔滨站候车室</source>
      <translation>Harbin station waiting room</translation>
    </message>
    <message>
      <source>四位年份，如 2011</source>
      <translation>Four digits, e.g. 2011</translation>
    </message>
    <message>
      <source>四川口音</source>
      <translation>Sichuan accent</translation>
    </message>
    <message>
      <source>四川省宜宾市叙州区</source>
      <translation>Xuzhou district, Yibin, Sichuan</translation>
    </message>
    <message>
      <source>四川话</source>
      <translation>Sichuanese</translation>
    </message>
    <message>
      <source>回复内容</source>
      <translation>Reply</translation>
    </message>
    <message>
      <source>回复日期</source>
      <translation>Reply date</translation>
    </message>
    <message>
      <source>回归社会</source>
      <translation>Reintegration</translation>
    </message>
    <message>
      <source>回执</source>
      <translation>Reply slip</translation>
    </message>
    <message>
      <source>回访</source>
      <translation>Follow-up</translation>
    </message>
    <message>
      <source>回访人</source>
      <translation>Visited by</translation>
    </message>
    <message>
      <source>回访人（不是本系统用户时填写）</source>
      <translation>Visitor (if not a user of this program)</translation>
    </message>
    <message>
      <source>回访工作者</source>
      <translation>follow-up worker</translation>
    </message>
    <message>
      <source>回访日期</source>
      <translation>Visit date</translation>
    </message>
    <message>
      <source>回访计划</source>
      <translation>Follow-up Plan</translation>
    </message>
    <message>
      <source>国籍</source>
      <translation>Nationality</translation>
    </message>
    <message>
      <source>图片 (*.jpg *.jpeg *.png *.bmp *.gif *.webp *.tif *.tiff *.heic)</source>
      <translation>Images (*.jpg *.jpeg *.png *.bmp *.gif *.webp *.tif *.tiff *.heic)</translation>
    </message>
    <message>
      <source>在个案列表中查看导入的个案</source>
      <translation>Show the imported cases in the case list</translation>
    </message>
    <message>
      <source>地名、简称、拼音或代码，如 文山州、百色、wenshan</source>
      <translation>Place name, short name, pinyin or code, e.g. 文山州, 百色, wenshan</translation>
    </message>
    <message>
      <source>地址</source>
      <translation>Address</translation>
    </message>
    <message>
      <source>培训</source>
      <translation>Training</translation>
    </message>
    <message>
      <source>培训就业</source>
      <translation>Training and employment</translation>
    </message>
    <message>
      <source>培训机构</source>
      <translation>Training provider</translation>
    </message>
    <message>
      <source>培训机构（合作机构）</source>
      <translation>Training provider (partner agency)</translation>
    </message>
    <message>
      <source>基本医疗</source>
      <translation>Basic medical care</translation>
    </message>
    <message>
      <source>处理意见</source>
      <translation>Decision</translation>
    </message>
    <message>
      <source>备份数据库</source>
      <translation>Database backed up</translation>
    </message>
    <message>
      <source>备份文件夹</source>
      <translation>Backup folder</translation>
    </message>
    <message>
      <source>备注</source>
      <translation>Notes</translation>
    </message>
    <message>
      <source>备注（可不填）</source>
      <translation>Note (optional)</translation>
    </message>
    <message>
      <source>复制平台文本</source>
      <translation>Copy platform text</translation>
    </message>
    <message>
      <source>复学</source>
      <translation>Return to school</translation>
    </message>
    <message>
      <source>复查与心理评估</source>
      <translation>Follow-up examination and psychological assessment</translation>
    </message>
    <message>
      <source>外出务工</source>
      <translation>Work away from home</translation>
    </message>
    <message>
      <source>外国籍</source>
      <translation>Foreign national</translation>
    </message>
    <message>
      <source>多重残疾</source>
      <translation>Multiple disabilities</translation>
    </message>
    <message>
      <source>女</source>
      <translation>Female</translation>
    </message>
    <message>
      <source>好</source>
      <translation>Good</translation>
    </message>
    <message>
      <source>如 13812345678 或 0831-1234567</source>
      <translation>e.g. 13812345678 or 0831-1234567</translation>
    </message>
    <message>
      <source>如 2019-07-03、2019年7月 或 2019年</source>
      <translation>e.g. 2019-07-03, 2019年7月 or 2019年</translation>
    </message>
    <message>
      <source>如 XQ-2026-015</source>
      <translation>e.g. XQ-2026-015</translation>
    </message>
    <message>
      <source>如 四川话、宜宾口音</source>
      <translation>e.g. Sichuanese, Yibin accent</translation>
    </message>
    <message>
      <source>如 母亲、父亲、派出所</source>
      <translation>e.g. mother, father, police station</translation>
    </message>
    <message>
      <source>如：宜宾一带口音</source>
      <translation>e.g. an accent of the Yibin area</translation>
    </message>
    <message>
      <source>妇联</source>
      <translation>Women's federation</translation>
    </message>
    <message>
      <source>妇联回访工作者</source>
      <translation>women's federation follow-up worker</translation>
    </message>
    <message>
      <source>姓名</source>
      <translation>Name</translation>
    </message>
    <message>
      <source>姓名/化名</source>
      <translation>Name/alias</translation>
    </message>
    <message>
      <source>婚姻家庭纠纷调解</source>
      <translation>Marriage and family dispute mediation</translation>
    </message>
    <message>
      <source>媒体</source>
      <translation>Medium</translation>
    </message>
    <message>
      <source>媒体寻亲</source>
      <translation>Media appeal</translation>
    </message>
    <message>
      <source>孕期</source>
      <translation>Pregnant</translation>
    </message>
    <message>
      <source>字段</source>
      <translation>Field</translation>
    </message>
    <message>
      <source>存在问题</source>
      <translation>Problems</translation>
    </message>
    <message>
      <source>学习/工作</source>
      <translation>School/work</translation>
    </message>
    <message>
      <source>学校</source>
      <translation>School</translation>
    </message>
    <message>
      <source>学校名称</source>
      <translation>School name</translation>
    </message>
    <message>
      <source>学校（合作机构）</source>
      <translation>School (partner agency)</translation>
    </message>
    <message>
      <source>安全</source>
      <translation>Safety</translation>
    </message>
    <message>
      <source>安全风险</source>
      <translation>Safety risk</translation>
    </message>
    <message>
      <source>安置</source>
      <translation>Placement</translation>
    </message>
    <message>
      <source>安置地址</source>
      <translation>Placement address</translation>
    </message>
    <message>
      <source>安置方式</source>
      <translation>Placement type</translation>
    </message>
    <message>
      <source>安置方案</source>
      <translation>Placement plan</translation>
    </message>
    <message>
      <source>安置方案由主管用“批准所选方案”批准，不在表单中设为“已批准”。</source>
      <translation>A supervisor approves a placement plan with “Approve selected plan”; the form does not set “Approved”.</translation>
    </message>
    <message>
      <source>安置方案：{0}

批准意见（可不填）：</source>
      <translation>Placement plan: {0}

Approval comments (optional):</translation>
    </message>
    <message>
      <source>安置机构名称</source>
      <translation>Placement institution name</translation>
    </message>
    <message>
      <source>安置机构（合作机构）</source>
      <translation>Placement institution (partner agency)</translation>
    </message>
    <message>
      <source>完成</source>
      <translation>Finish</translation>
    </message>
    <message>
      <source>审批</source>
      <translation>Approvals</translation>
    </message>
    <message>
      <source>审批安置方案（{0}拟定）</source>
      <translation>Approve placement plan (drafted by {0})</translation>
    </message>
    <message>
      <source>审批结案申请（{0}申请）</source>
      <translation>Approve closure (requested by {0})</translation>
    </message>
    <message>
      <source>审计员</source>
      <translation>auditor</translation>
    </message>
    <message>
      <source>审计记录</source>
      <translation>Audit Trail</translation>
    </message>
    <message>
      <source>家乡方言</source>
      <translation>Home dialect</translation>
    </message>
    <message>
      <source>家人拒绝接回</source>
      <translation>Family declined to take the person back</translation>
    </message>
    <message>
      <source>家人联系方式</source>
      <translation>Family contact details</translation>
    </message>
    <message>
      <source>家庭</source>
      <translation>Family</translation>
    </message>
    <message>
      <source>家政服务</source>
      <translation>Domestic service</translation>
    </message>
    <message>
      <source>寄养/亲属照料</source>
      <translation>Foster/kinship care</translation>
    </message>
    <message>
      <source>寄养人</source>
      <translation>Foster carer</translation>
    </message>
    <message>
      <source>密码</source>
      <translation>Password</translation>
    </message>
    <message>
      <source>密码不正确，窗口仍然锁定。</source>
      <translation>Wrong password; the window stays locked.</translation>
    </message>
    <message>
      <source>密码（保存在系统钥匙串中）</source>
      <translation>Password (stored in the system keychain)</translation>
    </message>
    <message>
      <source>密码（至少8个字符）</source>
      <translation>Password (at least 8 characters)</translation>
    </message>
    <message>
      <source>对方答复</source>
      <translation>Recipient's answer</translation>
    </message>
    <message>
      <source>对象</source>
      <translation>Record</translation>
    </message>
    <message>
      <source>寻亲</source>
      <translation>Family tracing</translation>
    </message>
    <message>
      <source>寻亲(&amp;T)</source>
      <translation>&amp;Tracing</translation>
    </message>
    <message>
      <source>寻亲中</source>
      <translation>Tracing in progress</translation>
    </message>
    <message>
      <source>寻亲公告</source>
      <translation>Family-tracing notice</translation>
    </message>
    <message>
      <source>寻亲公告.pdf</source>
      <translation>tracing-announcement.pdf</translation>
    </message>
    <message>
      <source>寻亲公告期满</source>
      <translation>Tracing notices expired</translation>
    </message>
    <message>
      <source>寻亲公告期满未找到家人：拟定落户安置</source>
      <translation>Tracing notice expired, no family found: plan household registration</translation>
    </message>
    <message>
      <source>寻亲查询</source>
      <translation>Family inquiries</translation>
    </message>
    <message>
      <source>寻亲查询 {0} 已关闭，不能修改。</source>
      <translation>Inquiry {0} is closed and cannot be edited.</translation>
    </message>
    <message>
      <source>寻亲比对</source>
      <translation>Tracing match run</translation>
    </message>
    <message>
      <source>寻亲比对结果</source>
      <translation>tracing match</translation>
    </message>
    <message>
      <source>寻亲行动</source>
      <translation>Family-tracing actions</translation>
    </message>
    <message>
      <source>导入</source>
      <translation>Import</translation>
    </message>
    <message>
      <source>导入为</source>
      <translation>Import as</translation>
    </message>
    <message>
      <source>导入全部 {0} 行</source>
      <translation>Import all {0} rows</translation>
    </message>
    <message>
      <source>导入全部 {0} 行（要先在台账中改正有问题的 {1} 行）</source>
      <translation>Import all {0} rows (first correct the {1} rows with problems in the ledger)</translation>
    </message>
    <message>
      <source>导入台账</source>
      <translation>Import a ledger</translation>
    </message>
    <message>
      <source>导入台账…</source>
      <translation>Import a ledger…</translation>
    </message>
    <message>
      <source>导入完成</source>
      <translation>Import finished</translation>
    </message>
    <message>
      <source>导入已保存，并记入审计记录（文件名、SHA-256、行数和导入人）。</source>
      <translation>The import is saved and recorded in the audit trail (file name, SHA-256, row counts and who imported).</translation>
    </message>
    <message>
      <source>导入转移包</source>
      <translation>Imported a transfer package</translation>
    </message>
    <message>
      <source>导入转移包…</source>
      <translation>Import Transfer Package…</translation>
    </message>
    <message>
      <source>导出…</source>
      <translation>Export…</translation>
    </message>
    <message>
      <source>导出到</source>
      <translation>Export to</translation>
    </message>
    <message>
      <source>导出去标识化数据</source>
      <translation>Exported de-identified data</translation>
    </message>
    <message>
      <source>导出台账</source>
      <translation>Exported a ledger</translation>
    </message>
    <message>
      <source>导出转移包</source>
      <translation>Exported a transfer package</translation>
    </message>
    <message>
      <source>导出转移包…</source>
      <translation>Export Transfer Package…</translation>
    </message>
    <message>
      <source>将告知对方</source>
      <translation>Will be disclosed</translation>
    </message>
    <message>
      <source>将此人与本单位在查的寻亲查询比对，按“查找”开始。</source>
      <translation>Compares this person with the unit's open inquiries; press “Find” to start.</translation>
    </message>
    <message>
      <source>小名</source>
      <translation>Nicknames</translation>
    </message>
    <message>
      <source>尚未比对：按“重新比对”（F5）在在办的身份不明受助人中查找。</source>
      <translation>Not compared yet: press “Compare again” (F5) to search the unidentified persons in care.</translation>
    </message>
    <message>
      <source>就业</source>
      <translation>Employment</translation>
    </message>
    <message>
      <source>就业援助</source>
      <translation>Employment assistance</translation>
    </message>
    <message>
      <source>就学</source>
      <translation>Schooling</translation>
    </message>
    <message>
      <source>岗位</source>
      <translation>Job</translation>
    </message>
    <message>
      <source>工会</source>
      <translation>Trade union</translation>
    </message>
    <message>
      <source>工会法律援助</source>
      <translation>Trade-union legal aid</translation>
    </message>
    <message>
      <source>工作台</source>
      <translation>Home</translation>
    </message>
    <message>
      <source>工作地</source>
      <translation>Place of work</translation>
    </message>
    <message>
      <source>工作表(&amp;W)：</source>
      <translation>Sheet (&amp;W):</translation>
    </message>
    <message>
      <source>工作记录</source>
      <translation>Case notes</translation>
    </message>
    <message>
      <source>工作记录（{0}）：{1}</source>
      <translation>Case note ({0}): {1}</translation>
    </message>
    <message>
      <source>左臂有一块硬币大小的胎记，右耳垂有痣</source>
      <translation>A coin-sized birthmark on the left arm, a mole on the right earlobe</translation>
    </message>
    <message>
      <source>差</source>
      <translation>Poor</translation>
    </message>
    <message>
      <source>已于 {0} 由 {1} 撤销：{2}</source>
      <translation>Undone on {0} by {1}: {2}</translation>
    </message>
    <message>
      <source>已保存。</source>
      <translation>Saved.</translation>
    </message>
    <message>
      <source>已保存的</source>
      <translation>Saved</translation>
    </message>
    <message>
      <source>已保存的映射</source>
      <translation>Saved mapping</translation>
    </message>
    <message>
      <source>已保存的版本</source>
      <translation>Saved version</translation>
    </message>
    <message>
      <source>已保存：{0}</source>
      <translation>Saved: {0}</translation>
    </message>
    <message>
      <source>已做传染病检查</source>
      <translation>Infectious-disease screening done</translation>
    </message>
    <message>
      <source>已关闭</source>
      <translation>Closed</translation>
    </message>
    <message>
      <source>已分派给{0}。</source>
      <translation>Assigned to {0}.</translation>
    </message>
    <message>
      <source>已发出</source>
      <translation>Sent</translation>
    </message>
    <message>
      <source>已取消导入，数据库没有任何改动。</source>
      <translation>Import cancelled; the database is unchanged.</translation>
    </message>
    <message>
      <source>已取消检查。</source>
      <translation>Check cancelled.</translation>
    </message>
    <message>
      <source>已取消，数据库没有改变。</source>
      <translation>Cancelled; the database was not changed.</translation>
    </message>
    <message>
      <source>已取消，未登记任何转介函。</source>
      <translation>Cancelled; no referral letters were registered.</translation>
    </message>
    <message>
      <source>已另存副本。</source>
      <translation>Copy saved.</translation>
    </message>
    <message>
      <source>已复制全国救助寻亲网所需的文本，可粘贴到平台的登记表中。</source>
      <translation>The text the national family-search platform asks for was copied; paste it into the platform's form.</translation>
    </message>
    <message>
      <source>已完成</source>
      <translation>Completed</translation>
    </message>
    <message>
      <source>已导入 {0} 个个案（读取 {1} 行，{2} 行有问题未导入）。</source>
      <translation>Imported {0} cases ({1} rows read, {2} rows with problems not imported).</translation>
    </message>
    <message>
      <source>已导入 {0} 条寻亲查询；{1} 行有问题，未导入。</source>
      <translation>{0} inquiries imported; {1} rows with problems were not.</translation>
    </message>
    <message>
      <source>已导入个案 {0} 的转移包，请接收或拒绝。</source>
      <translation>The transfer package of case {0} was imported; please accept or reject it.</translation>
    </message>
    <message>
      <source>已导出到 {0}，风险报告在 {1}.report.json。</source>
      <translation>Exported to {0}; the risk report is in {1}.report.json.</translation>
    </message>
    <message>
      <source>已导出转移包</source>
      <translation>Exported as a package</translation>
    </message>
    <message>
      <source>已导出转移包 {0}；请把文件和密码分开交给接收单位。</source>
      <translation>Transfer package {0} exported; give the file and the password to the receiving unit separately.</translation>
    </message>
    <message>
      <source>已恢复未保存的输入，请检查后保存。</source>
      <translation>Unsaved input was restored; check it, then save.</translation>
    </message>
    <message>
      <source>已批准</source>
      <translation>Approved</translation>
    </message>
    <message>
      <source>已拒绝</source>
      <translation>Refused</translation>
    </message>
    <message>
      <source>已拒绝接收个案 {0}。</source>
      <translation>Case {0} rejected.</translation>
    </message>
    <message>
      <source>已按表头推断每一列对应的字段，请逐列核对。不需要的列选“不导入”；每个字段只能对应一列。</source>
      <translation>The field of each column was guessed from its header: check them one by one. Choose “Do not import” for columns you do not need; each field can come from one column only.</translation>
    </message>
    <message>
      <source>已排除</source>
      <translation>Ruled out</translation>
    </message>
    <message>
      <source>已接收</source>
      <translation>Accepted</translation>
    </message>
    <message>
      <source>已接收个案 {0}。</source>
      <translation>Case {0} accepted.</translation>
    </message>
    <message>
      <source>已撤回</source>
      <translation>Withdrawn</translation>
    </message>
    <message>
      <source>已撤回个案 {0} 的转移。</source>
      <translation>Withdrew the transfer of case {0}.</translation>
    </message>
    <message>
      <source>已有个案</source>
      <translation>Existing cases</translation>
    </message>
    <message>
      <source>已生成 {0} 封转介函。</source>
      <translation>Referral letters generated: {0}.</translation>
    </message>
    <message>
      <source>已申请转移到{0}，待接收单位的主管接收。</source>
      <translation>Transfer to {0} requested; waiting for the receiving unit's supervisor.</translation>
    </message>
    <message>
      <source>已登录：{0}</source>
      <translation>Logged in: {0}</translation>
    </message>
    <message>
      <source>已登记转介函 {0}。</source>
      <translation>Referral letter {0} registered.</translation>
    </message>
    <message>
      <source>已登记：{0}（编号 {1}）</source>
      <translation>Registered: {0} (no. {1})</translation>
    </message>
    <message>
      <source>已确认</source>
      <translation>Confirmed</translation>
    </message>
    <message>
      <source>已确认 {0} 可能是查询 {1} 寻找的人。
现在打印请公安机关DNA比对的函吗？</source>
      <translation>{0} was confirmed as possibly the person inquiry {1} seeks.
Print the letter asking the police for a DNA comparison now?</translation>
    </message>
    <message>
      <source>已确认相符</source>
      <translation>Match confirmed</translation>
    </message>
    <message>
      <source>已结束</source>
      <translation>Ended</translation>
    </message>
    <message>
      <source>已结束{0}的分派。</source>
      <translation>Ended the assignment of {0}.</translation>
    </message>
    <message>
      <source>已结案</source>
      <translation>Closed</translation>
    </message>
    <message>
      <source>已自动备份数据库：{0}</source>
      <translation>Database backed up automatically: {0}</translation>
    </message>
    <message>
      <source>已记录：{0}于{1}发布，公告期{2}天。</source>
      <translation>Recorded: published in {0} on {1}, for {2} days.</translation>
    </message>
    <message>
      <source>已返回安徽六安，由户籍地妇联定期回访</source>
      <translation>Back home in Lu'an, Anhui: regular visits by the women's federation there</translation>
    </message>
    <message>
      <source>已选 {0} 个</source>
      <translation>{0} selected</translation>
    </message>
    <message>
      <source>市</source>
      <translation>City</translation>
    </message>
    <message>
      <source>市第一医院营养科</source>
      <translation>City No. 1 Hospital, nutrition department</translation>
    </message>
    <message>
      <source>年度</source>
      <translation>Year</translation>
    </message>
    <message>
      <source>年度报告</source>
      <translation>Annual Report</translation>
    </message>
    <message>
      <source>年级</source>
      <translation>Grade</translation>
    </message>
    <message>
      <source>康复</source>
      <translation>Rehabilitation</translation>
    </message>
    <message>
      <source>康复治疗</source>
      <translation>Rehabilitation therapy</translation>
    </message>
    <message>
      <source>开始导入(&amp;I)</source>
      <translation>&amp;Import</translation>
    </message>
    <message>
      <source>开始日期</source>
      <translation>Start date</translation>
    </message>
    <message>
      <source>强迫乞讨</source>
      <translation>Forced begging</translation>
    </message>
    <message>
      <source>强迫劳动</source>
      <translation>Forced labor</translation>
    </message>
    <message>
      <source>当前用户：{0}</source>
      <translation>Current user: {0}</translation>
    </message>
    <message>
      <source>待办事项（红色为逾期，双击办理）</source>
      <translation>Tasks (overdue in red; double-click to do one)</translation>
    </message>
    <message>
      <source>待接收</source>
      <translation>Waiting for acceptance</translation>
    </message>
    <message>
      <source>待确认</source>
      <translation>To decide</translation>
    </message>
    <message>
      <source>待访</source>
      <translation>Pending</translation>
    </message>
    <message>
      <source>心理</source>
      <translation>Psychological</translation>
    </message>
    <message>
      <source>心理治疗</source>
      <translation>Psychotherapy</translation>
    </message>
    <message>
      <source>心理疏导</source>
      <translation>Psychological counseling</translation>
    </message>
    <message>
      <source>必填，例如：本人讲述曾被强迫在车站乞讨</source>
      <translation>Required, e.g.: she says she was forced to beg at the station</translation>
    </message>
    <message>
      <source>急需医疗</source>
      <translation>Urgent medical need</translation>
    </message>
    <message>
      <source>性别</source>
      <translation>Sex</translation>
    </message>
    <message>
      <source>性剥削</source>
      <translation>Sexual exploitation</translation>
    </message>
    <message>
      <source>恢复原始模板</source>
      <translation>Restore original template</translation>
    </message>
    <message>
      <source>恢复数据库</source>
      <translation>Database restored</translation>
    </message>
    <message>
      <source>恢复未完成的输入</source>
      <translation>Restored unsaved input</translation>
    </message>
    <message>
      <source>恢复转介函模板</source>
      <translation>Restored a letter template</translation>
    </message>
    <message>
      <source>您编辑期间，这条记录已在另一台工作站被保存{0}。下面列出两边不同的字段：请逐项选择采用哪一边，或全部保留您的修改、全部采用已保存的版本。</source>
      <translation>While you were editing, this record was saved{0} on another workstation. The fields that differ are listed below: choose which version to use for each field, or keep all of your changes, or use the saved version for all of them.</translation>
    </message>
    <message>
      <source>想先熟悉程序，可以载入虚构的演示个案（人名、身份证号均为虚构）。正式使用的数据库请不要载入。</source>
      <translation>To get to know the program first, you can load fictitious demo cases (all names and ID numbers are made up). Do not load them into a database that will be used for real work.</translation>
    </message>
    <message>
      <source>我已核实以上提示，仍要保存（确认将记入个案经过）</source>
      <translation>I have checked the warnings above and still want to save (this confirmation goes into the case history)</translation>
    </message>
    <message>
      <source>我的</source>
      <translation>Mine</translation>
    </message>
    <message>
      <source>我的修改</source>
      <translation>My changes</translation>
    </message>
    <message>
      <source>我的在办个案</source>
      <translation>My open cases</translation>
    </message>
    <message>
      <source>我的在办个案：{0}</source>
      <translation>My open cases: {0}</translation>
    </message>
    <message>
      <source>截图演示</source>
      <translation>Screenshot demonstration</translation>
    </message>
    <message>
      <source>截止</source>
      <translation>Until</translation>
    </message>
    <message>
      <source>截止日期</source>
      <translation>Last day</translation>
    </message>
    <message>
      <source>户籍地</source>
      <translation>Household registration (hukou) place</translation>
    </message>
    <message>
      <source>户籍地：{0}</source>
      <translation>Household registration place: {0}</translation>
    </message>
    <message>
      <source>所在地区</source>
      <translation>Location</translation>
    </message>
    <message>
      <source>手术</source>
      <translation>Surgery</translation>
    </message>
    <message>
      <source>打印…</source>
      <translation>Print…</translation>
    </message>
    <message>
      <source>打印公安DNA比对函…</source>
      <translation>Print the police DNA comparison letter…</translation>
    </message>
    <message>
      <source>打印转介函</source>
      <translation>Print Referral Letter</translation>
    </message>
    <message>
      <source>打印转介函…</source>
      <translation>Print referral letter…</translation>
    </message>
    <message>
      <source>打开个案</source>
      <translation>Open case</translation>
    </message>
    <message>
      <source>执行中</source>
      <translation>Active</translation>
    </message>
    <message>
      <source>扫描回执二维码，或输入编号如〔2026〕转字第0001号</source>
      <translation>Scan the QR code on the reply slip, or enter the letter number, e.g. 〔2026〕转字第0001号</translation>
    </message>
    <message>
      <source>批准</source>
      <translation>Approved</translation>
    </message>
    <message>
      <source>批准安置方案</source>
      <translation>Approve Placement Plan</translation>
    </message>
    <message>
      <source>批准所选方案…</source>
      <translation>Approve selected plan…</translation>
    </message>
    <message>
      <source>批准文号</source>
      <translation>Approval document no.</translation>
    </message>
    <message>
      <source>批准机关</source>
      <translation>Approving authority</translation>
    </message>
    <message>
      <source>批准结案</source>
      <translation>Closure approved</translation>
    </message>
    <message>
      <source>批准结案（主管）</source>
      <translation>Approve closure (supervisor)</translation>
    </message>
    <message>
      <source>批量打印</source>
      <translation>Batch Print</translation>
    </message>
    <message>
      <source>批量打印转介函</source>
      <translation>Batch-Print Referral Letters</translation>
    </message>
    <message>
      <source>找到家人</source>
      <translation>Family found</translation>
    </message>
    <message>
      <source>把合并时转移的个案放回“{0}”的档案。撤销理由：</source>
      <translation>The cases the merge moved go back to the record of “{0}”. Reason for undoing:</translation>
    </message>
    <message>
      <source>披露字段</source>
      <translation>Disclosed fields</translation>
    </message>
    <message>
      <source>拍摄日期</source>
      <translation>Date taken</translation>
    </message>
    <message>
      <source>拒绝</source>
      <translation>Reject</translation>
    </message>
    <message>
      <source>拒绝接收转移的个案</source>
      <translation>Rejected the transferred case</translation>
    </message>
    <message>
      <source>拒绝理由</source>
      <translation>Reason for rejecting</translation>
    </message>
    <message>
      <source>拟定中</source>
      <translation>Proposed</translation>
    </message>
    <message>
      <source>按 省 → 市 → 县 选择（F4）</source>
      <translation>Choose by province → city → county (F4)</translation>
    </message>
    <message>
      <source>按您的决定，这些行仍不能导入：
{0}
可以改变决定；再按“下一步”则继续，这些行不导入。</source>
      <translation>With your decisions these rows still cannot be imported:
{0}
You can change the decisions; press Next again to go on without these rows.</translation>
    </message>
    <message>
      <source>按您的决定：{0} 行的个案并入已有档案，跳过 {1} 行。</source>
      <translation>As you decided: the cases of {0} rows join existing records, {1} rows are skipped.</translation>
    </message>
    <message>
      <source>按所选合并保存</source>
      <translation>Merge as selected and save</translation>
    </message>
    <message>
      <source>按这些决定检查后，又有 {0} 行可能重复（第 {1} 行），请决定。</source>
      <translation>Checked with these decisions, {0} more rows may be duplicates (rows {1}): please decide.</translation>
    </message>
    <message>
      <source>排除</source>
      <translation>Rule out</translation>
    </message>
    <message>
      <source>排除…</source>
      <translation>Rule out…</translation>
    </message>
    <message>
      <source>排除候选人</source>
      <translation>Rule out candidate</translation>
    </message>
    <message>
      <source>排除寻亲比对结果</source>
      <translation>Dismissed a family-tracing match</translation>
    </message>
    <message>
      <source>接收</source>
      <translation>Accept</translation>
    </message>
    <message>
      <source>接收单位</source>
      <translation>Receiving unit</translation>
    </message>
    <message>
      <source>接收或拒绝所选的转移</source>
      <translation>Accept or reject the selected transfer</translation>
    </message>
    <message>
      <source>接收方</source>
      <translation>Recipient</translation>
    </message>
    <message>
      <source>接收方类型</source>
      <translation>Recipient type</translation>
    </message>
    <message>
      <source>接收日期</source>
      <translation>Intake date</translation>
    </message>
    <message>
      <source>接收机构</source>
      <translation>Receiving agency</translation>
    </message>
    <message>
      <source>接收机构名称</source>
      <translation>Receiving agency name</translation>
    </message>
    <message>
      <source>接收机构（合作机构）</source>
      <translation>Receiving agency (partner agency)</translation>
    </message>
    <message>
      <source>接收转移的个案</source>
      <translation>Accepted the transferred case</translation>
    </message>
    <message>
      <source>推进到</source>
      <translation>Advanced to</translation>
    </message>
    <message>
      <source>提供方</source>
      <translation>Provider</translation>
    </message>
    <message>
      <source>提示</source>
      <translation>Hint</translation>
    </message>
    <message>
      <source>援助机构名称</source>
      <translation>Aid provider name</translation>
    </message>
    <message>
      <source>援助机构（合作机构）</source>
      <translation>Aid provider (partner agency)</translation>
    </message>
    <message>
      <source>搜索：姓名、化名、拼音或首字母、个案编号、身份证号</source>
      <translation>Search: name, alias, pinyin or initials, case number, ID number</translation>
    </message>
    <message>
      <source>撤回个案 {0} 的转移（已导出转移包的，个案回到本单位），理由：</source>
      <translation>Withdraw the transfer of case {0} (a case sent as a package comes back to this unit); reason:</translation>
    </message>
    <message>
      <source>撤回原因</source>
      <translation>Reason for withdrawal</translation>
    </message>
    <message>
      <source>撤回日期</source>
      <translation>Date withdrawn</translation>
    </message>
    <message>
      <source>撤回转移</source>
      <translation>Withdraw transfer</translation>
    </message>
    <message>
      <source>撤回转移…</source>
      <translation>Withdraw transfer…</translation>
    </message>
    <message>
      <source>撤销合并</source>
      <translation>Undo merge</translation>
    </message>
    <message>
      <source>撤销合并…</source>
      <translation>Undo merge…</translation>
    </message>
    <message>
      <source>撤销未保存的修改</source>
      <translation>Discard unsaved changes</translation>
    </message>
    <message>
      <source>操作</source>
      <translation>Action</translation>
    </message>
    <message>
      <source>操作者</source>
      <translation>User</translation>
    </message>
    <message>
      <source>收买人</source>
      <translation>Buyer</translation>
    </message>
    <message>
      <source>收买人信息</source>
      <translation>Buyer details</translation>
    </message>
    <message>
      <source>收买人（不得作为安置对象）</source>
      <translation>Buyers (must never be used for placement)</translation>
    </message>
    <message>
      <source>收到日期</source>
      <translation>Received on</translation>
    </message>
    <message>
      <source>放弃未完成的输入</source>
      <translation>Discarded unsaved input</translation>
    </message>
    <message>
      <source>敏感属性</source>
      <translation>Sensitive attributes</translation>
    </message>
    <message>
      <source>救助</source>
      <translation>Assistance</translation>
    </message>
    <message>
      <source>救助服务</source>
      <translation>Assistance services</translation>
    </message>
    <message>
      <source>救助站食堂</source>
      <translation>Assistance station canteen</translation>
    </message>
    <message>
      <source>救助管理机构</source>
      <translation>Assistance institution</translation>
    </message>
    <message>
      <source>救助管理站</source>
      <translation>Assistance station</translation>
    </message>
    <message>
      <source>救助管理站公告栏</source>
      <translation>The station's notice board</translation>
    </message>
    <message>
      <source>救助类型</source>
      <translation>Assistance type</translation>
    </message>
    <message>
      <source>教育局</source>
      <translation>Education bureau</translation>
    </message>
    <message>
      <source>数据库</source>
      <translation>Database</translation>
    </message>
    <message>
      <source>数据库 (*.sqlite3)</source>
      <translation>Database (*.sqlite3)</translation>
    </message>
    <message>
      <source>数据库名</source>
      <translation>Database name</translation>
    </message>
    <message>
      <source>数据库已就绪。接下来请登录。</source>
      <translation>The database is ready. Please log in next.</translation>
    </message>
    <message>
      <source>数据库文件</source>
      <translation>Database file</translation>
    </message>
    <message>
      <source>数量</source>
      <translation>Number</translation>
    </message>
    <message>
      <source>整个导入是一次操作：中途取消或出错，数据库保持原样。每一行的受助人和个案都登记在您的单位。</source>
      <translation>The whole import is one operation: if it is cancelled or fails, the database stays as it was. The person and the case of each row are registered in your unit.</translation>
    </message>
    <message>
      <source>整行</source>
      <translation>whole row</translation>
    </message>
    <message>
      <source>文件(&amp;F)</source>
      <translation>&amp;File</translation>
    </message>
    <message>
      <source>文件“{0}”表第 {1} 行：{2}</source>
      <translation>Row {1} of sheet “{0}” of the file: {2}</translation>
    </message>
    <message>
      <source>文件中有 {0} 行有问题，没有导入任何一行。</source>
      <translation>{0} rows of the file have problems; no row was imported.</translation>
    </message>
    <message>
      <source>文件中的姓名</source>
      <translation>Name in the file</translation>
    </message>
    <message>
      <source>文件第 {0} 行：{1}</source>
      <translation>Row {0} of the file: {1}</translation>
    </message>
    <message>
      <source>新增</source>
      <translation>Added</translation>
    </message>
    <message>
      <source>新增分派</source>
      <translation>New assignment</translation>
    </message>
    <message>
      <source>新增医疗康复</source>
      <translation>Add medical care</translation>
    </message>
    <message>
      <source>新增单位</source>
      <translation>Add Unit</translation>
    </message>
    <message>
      <source>新增单位…</source>
      <translation>Add unit…</translation>
    </message>
    <message>
      <source>新增合作机构</source>
      <translation>Add Partner Agency</translation>
    </message>
    <message>
      <source>新增合作机构…</source>
      <translation>Add partner agency…</translation>
    </message>
    <message>
      <source>新增同意</source>
      <translation>Add consent</translation>
    </message>
    <message>
      <source>新增回访计划</source>
      <translation>Plan follow-up visit</translation>
    </message>
    <message>
      <source>新增培训</source>
      <translation>Add training</translation>
    </message>
    <message>
      <source>新增安置方案</source>
      <translation>Add placement plan</translation>
    </message>
    <message>
      <source>新增寻亲查询</source>
      <translation>New inquiry</translation>
    </message>
    <message>
      <source>新增寻亲行动</source>
      <translation>Add tracing action</translation>
    </message>
    <message>
      <source>新增就业</source>
      <translation>Add employment</translation>
    </message>
    <message>
      <source>新增就学</source>
      <translation>Add schooling</translation>
    </message>
    <message>
      <source>新增工作记录</source>
      <translation>Add a note</translation>
    </message>
    <message>
      <source>新增救助</source>
      <translation>Add assistance</translation>
    </message>
    <message>
      <source>新增查询…</source>
      <translation>New inquiry…</translation>
    </message>
    <message>
      <source>新增残疾评定</source>
      <translation>Add disability assessment</translation>
    </message>
    <message>
      <source>新增法律援助</source>
      <translation>Add legal aid</translation>
    </message>
    <message>
      <source>新增评估</source>
      <translation>Add assessment</translation>
    </message>
    <message>
      <source>新增转介</source>
      <translation>Add referral</translation>
    </message>
    <message>
      <source>新建受助人</source>
      <translation>New person</translation>
    </message>
    <message>
      <source>新建受助人(&amp;1)</source>
      <translation>New person (&amp;1)</translation>
    </message>
    <message>
      <source>新的个案工作者</source>
      <translation>New caseworker</translation>
    </message>
    <message>
      <source>方式</source>
      <translation>Method</translation>
    </message>
    <message>
      <source>无</source>
      <translation>none</translation>
    </message>
    <message>
      <source>无同意越权批准</source>
      <translation>Override without consent</translation>
    </message>
    <message>
      <source>无权查看此个案，理由不显示；请联系：{0}</source>
      <translation>You may not read this case, so the reasons are not shown; ask: {0}</translation>
    </message>
    <message>
      <source>无法作废</source>
      <translation>Cannot Void</translation>
    </message>
    <message>
      <source>无法保存映射：{0}</source>
      <translation>Could not save the mapping: {0}</translation>
    </message>
    <message>
      <source>无法保存问题清单：{0}</source>
      <translation>Could not save the problem list: {0}</translation>
    </message>
    <message>
      <source>无法打开个案</source>
      <translation>Cannot Open Case</translation>
    </message>
    <message>
      <source>无法批准</source>
      <translation>Cannot Approve</translation>
    </message>
    <message>
      <source>无法提供</source>
      <translation>Unable to provide</translation>
    </message>
    <message>
      <source>无法读写文件 {0}：{1}。</source>
      <translation>Cannot read or write the file {0}: {1}.</translation>
    </message>
    <message>
      <source>无法读取文件：{0}</source>
      <translation>Cannot read the file: {0}</translation>
    </message>
    <message>
      <source>无法连接数据库：{0}</source>
      <translation>Cannot connect to the database: {0}</translation>
    </message>
    <message>
      <source>日期</source>
      <translation>Date</translation>
    </message>
    <message>
      <source>时间</source>
      <translation>Time</translation>
    </message>
    <message>
      <source>映射 (*.json)</source>
      <translation>Mapping (*.json)</translation>
    </message>
    <message>
      <source>映射已保存到 {0}。</source>
      <translation>Mapping saved to {0}.</translation>
    </message>
    <message>
      <source>映射文件中的这些列在本文件中没有：{0}。</source>
      <translation>These columns of the saved mapping are not in this file: {0}.</translation>
    </message>
    <message>
      <source>是</source>
      <translation>Yes</translation>
    </message>
    <message>
      <source>显示全部个案</source>
      <translation>Show all cases</translation>
    </message>
    <message>
      <source>显示前 {0} 行，其中 {1} 行有问题。下一步检查整个文件。</source>
      <translation>Showing the first {0} rows; {1} have problems. The next step checks the whole file.</translation>
    </message>
    <message>
      <source>智力残疾</source>
      <translation>Intellectual disability</translation>
    </message>
    <message>
      <source>智力状况</source>
      <translation>Intellectual state</translation>
    </message>
    <message>
      <source>更换个案工作者</source>
      <translation>Change caseworker</translation>
    </message>
    <message>
      <source>最多删除</source>
      <translation>Remove at most</translation>
    </message>
    <message>
      <source>最近打开的个案</source>
      <translation>Recently opened cases</translation>
    </message>
    <message>
      <source>有 {0} 条寻亲查询可能在找此人；请在 寻亲 › 寻亲查询 中确认或排除。</source>
      <translation>{0} inquiries may be looking for this person; confirm or rule them out under Tracing › Family inquiries.</translation>
    </message>
    <message>
      <source>有 {0} 行现在有问题，本次没有导入任何一行。请返回重新检查。</source>
      <translation>{0} rows have problems now, so no row was imported. Go back and check again.</translation>
    </message>
    <message>
      <source>有未保存的修改。</source>
      <translation>There are unsaved changes.</translation>
    </message>
    <message>
      <source>有残疾</source>
      <translation>Has a disability</translation>
    </message>
    <message>
      <source>有问题的行不会导入；可以改正文件后再检查，或勾选“只导入没有问题的行”。</source>
      <translation> Rows with problems are not imported: correct the file and check again, or tick “Import only the rows without problems”.</translation>
    </message>
    <message>
      <source>有问题的行中 {0} 行与前面的行或已登记的人重复。</source>
      <translation> Of the rows with problems, {0} repeat an earlier row or a person already registered.</translation>
    </message>
    <message>
      <source>服务器地址</source>
      <translation>Server address</translation>
    </message>
    <message>
      <source>未保存的输入</source>
      <translation>Unsaved input</translation>
    </message>
    <message>
      <source>未保存：{0}</source>
      <translation>Not saved: {0}</translation>
    </message>
    <message>
      <source>未决定</source>
      <translation>Undecided</translation>
    </message>
    <message>
      <source>未决定的全部跳过(&amp;K)</source>
      <translation>S&amp;kip all undecided</translation>
    </message>
    <message>
      <source>未完成的输入</source>
      <translation>unsaved input</translation>
    </message>
    <message>
      <source>未成功</source>
      <translation>Unsuccessful</translation>
    </message>
    <message>
      <source>未成年人</source>
      <translation>Minor</translation>
    </message>
    <message>
      <source>未成年人救助保护机构</source>
      <translation>Minors' assistance and protection center</translation>
    </message>
    <message>
      <source>未找到</source>
      <translation>Not found</translation>
    </message>
    <message>
      <source>未指定</source>
      <translation>Not assigned</translation>
    </message>
    <message>
      <source>未计划回访</source>
      <translation>no visit planned</translation>
    </message>
    <message>
      <source>本个案已结案，档案只读。如需补充或修改，请点“阶段与结案…”，选择“重新开启个案”并填写理由。</source>
      <translation>This case is closed and its file is read-only. To add or change anything, click “Stage and closure…”, choose “Reopen case” and give a reason.</translation>
    </message>
    <message>
      <source>本个案已转移到其他单位，档案只读；这里只显示转出前本单位记录的内容。</source>
      <translation>This case has been transferred to another unit and is read-only; only what this unit recorded before the transfer is shown.</translation>
    </message>
    <message>
      <source>本个案的转移：</source>
      <translation>Transfers of this case:</translation>
    </message>
    <message>
      <source>本人</source>
      <translation>The person</translation>
    </message>
    <message>
      <source>本人口头同意，书面同意随后补签</source>
      <translation>She agreed orally; the written consent follows</translation>
    </message>
    <message>
      <source>本人求助</source>
      <translation>Self-referral</translation>
    </message>
    <message>
      <source>本单位没有其他个案工作者。</source>
      <translation>The unit has no other caseworker.</translation>
    </message>
    <message>
      <source>本周</source>
      <translation>This week</translation>
    </message>
    <message>
      <source>本周回访（红色为逾期）</source>
      <translation>Follow-up visits this week (overdue in red)</translation>
    </message>
    <message>
      <source>本月</source>
      <translation>This month</translation>
    </message>
    <message>
      <source>本机数据库（SQLite，加密保存在本机）</source>
      <translation>Local database (SQLite, stored encrypted on this computer)</translation>
    </message>
    <message>
      <source>机构</source>
      <translation>Institution</translation>
    </message>
    <message>
      <source>来源</source>
      <translation>Source</translation>
    </message>
    <message>
      <source>来访</source>
      <translation>Office visit</translation>
    </message>
    <message>
      <source>查找</source>
      <translation>Find</translation>
    </message>
    <message>
      <source>查找个案</source>
      <translation>Find Case</translation>
    </message>
    <message>
      <source>查找中</source>
      <translation>Open</translation>
    </message>
    <message>
      <source>查找可能相符的查询 (F5)</source>
      <translation>Find matching inquiries (F5)</translation>
    </message>
    <message>
      <source>查看</source>
      <translation>Viewed</translation>
    </message>
    <message>
      <source>查看个案列表</source>
      <translation>Viewed the case list</translation>
    </message>
    <message>
      <source>查看大图</source>
      <translation>View large</translation>
    </message>
    <message>
      <source>查看审计记录</source>
      <translation>Viewed the audit trail</translation>
    </message>
    <message>
      <source>查看寻亲比对结果</source>
      <translation>Viewed tracing match results</translation>
    </message>
    <message>
      <source>查询</source>
      <translation>Search</translation>
    </message>
    <message>
      <source>查询人</source>
      <translation>Inquirer</translation>
    </message>
    <message>
      <source>查询编号</source>
      <translation>Inquiry no.</translation>
    </message>
    <message>
      <source>标记…</source>
      <translation>Flags…</translation>
    </message>
    <message>
      <source>标记：{0}</source>
      <translation>Flags: {0}</translation>
    </message>
    <message>
      <source>核对列的对应</source>
      <translation>Check the columns</translation>
    </message>
    <message>
      <source>案情摘要</source>
      <translation>Case summary</translation>
    </message>
    <message>
      <source>检察院</source>
      <translation>Procuratorate</translation>
    </message>
    <message>
      <source>检查</source>
      <translation>Check</translation>
    </message>
    <message>
      <source>检查整个文件</source>
      <translation>Check the whole file</translation>
    </message>
    <message>
      <source>检查结果：共 {0} 行，{1} 行可以导入，{2} 行有问题。</source>
      <translation>Check result: {0} rows, {1} can be imported, {2} have problems.</translation>
    </message>
    <message>
      <source>次数</source>
      <translation>Sessions</translation>
    </message>
    <message>
      <source>正在加载待办事项…</source>
      <translation>Loading the tasks…</translation>
    </message>
    <message>
      <source>正在导入…</source>
      <translation>Importing…</translation>
    </message>
    <message>
      <source>正在按您的决定重新检查整个文件…</source>
      <translation>Checking the whole file again with your decisions…</translation>
    </message>
    <message>
      <source>正在检查第 {0} 行，共 {1} 行…</source>
      <translation>Checking row {0} of {1}…</translation>
    </message>
    <message>
      <source>正在比对……</source>
      <translation>Comparing…</translation>
    </message>
    <message>
      <source>正在生成演示数据…</source>
      <translation>Generating demo data…</translation>
    </message>
    <message>
      <source>正在生成转介函…</source>
      <translation>Generating referral letters…</translation>
    </message>
    <message>
      <source>正在读取文件…</source>
      <translation>Reading the file…</translation>
    </message>
    <message>
      <source>正在负责本个案的人员（个案工作者除外）：</source>
      <translation>Working on this case (besides its caseworker):</translation>
    </message>
    <message>
      <source>正常</source>
      <translation>Normal</translation>
    </message>
    <message>
      <source>正文（每行一段，可用 {name} {sex} {age} {service} {recipient}）</source>
      <translation>Body (one paragraph per line; you can use {name} {sex} {age} {service} {recipient})</translation>
    </message>
    <message>
      <source>此人身份已知、个案已结案或没有有效的寻亲同意，不参加比对。</source>
      <translation>This person's identity is known, the case is closed, or there is no tracing consent in force: not compared.</translation>
    </message>
    <message>
      <source>残疾</source>
      <translation>Disability</translation>
    </message>
    <message>
      <source>残疾情况</source>
      <translation>Disability details</translation>
    </message>
    <message>
      <source>残疾类别</source>
      <translation>Disability category</translation>
    </message>
    <message>
      <source>残疾证号</source>
      <translation>Disability certificate no.</translation>
    </message>
    <message>
      <source>残疾评定</source>
      <translation>Disability assessment</translation>
    </message>
    <message>
      <source>残联</source>
      <translation>Disabled persons' federation</translation>
    </message>
    <message>
      <source>每天第一次登录时自动备份一次，连同 .keys 密钥文件；超过保留天数的自动备份会被删除。</source>
      <translation>The database is backed up automatically at the first log-in of each day, together with its .keys key file; automatic backups older than the days kept are deleted.</translation>
    </message>
    <message>
      <source>每日三餐，另加牛奶</source>
      <translation>Three meals a day, plus milk</translation>
    </message>
    <message>
      <source>每类最多列出{0}项，更多的见个案列表和“回访计划”。</source>
      <translation>At most {0} of each kind are listed; see the case list and the follow-up plan for the rest.</translation>
    </message>
    <message>
      <source>比对了 {0} 名身份不明的受助人，列出 {1} 名候选人。</source>
      <translation>Compared {0} unidentified persons; {1} candidates listed.</translation>
    </message>
    <message>
      <source>比对了 {0} 条在查的寻亲查询和 {1} 名身份不明的受助人。</source>
      <translation>Compared {0} open inquiries with {1} unidentified persons.</translation>
    </message>
    <message>
      <source>民政局</source>
      <translation>Civil affairs bureau</translation>
    </message>
    <message>
      <source>民族</source>
      <translation>Ethnicity</translation>
    </message>
    <message>
      <source>没有受助人同意时，主管越权批准的理由</source>
      <translation>Supervisor's reason for overriding when there is no consent</translation>
    </message>
    <message>
      <source>没有受助人（或其监护人）向该单位提供个人信息的同意：须由主管填写越权理由。</source>
      <translation>No consent of the person (or her guardian) to share her data with this unit: a supervisor must give a reason to override.</translation>
    </message>
    <message>
      <source>没有叫“{0}”的地点。是否指 {1}？请从列表中选择。</source>
      <translation>No place is called “{0}”. Did you mean {1}? Choose from the list.</translation>
    </message>
    <message>
      <source>没有叫“{0}”的地点，请从列表中选择或点“浏览…”。</source>
      <translation>No place is called “{0}”; choose from the list or click “Browse…”.</translation>
    </message>
    <message>
      <source>没有可以分派的人员。</source>
      <translation>There is nobody to assign.</translation>
    </message>
    <message>
      <source>没有可以导入的行。请改正台账后重新导入。</source>
      <translation>No row can be imported. Correct the ledger and import it again.</translation>
    </message>
    <message>
      <source>没有可以接收的单位。</source>
      <translation>There is no unit that could receive the case.</translation>
    </message>
    <message>
      <source>没有可能相符的寻亲查询。</source>
      <translation>No inquiry may be about this person.</translation>
    </message>
    <message>
      <source>没有有效的同意</source>
      <translation>No Valid Consent</translation>
    </message>
    <message>
      <source>没有需要保存的修改。</source>
      <translation>There are no changes to save.</translation>
    </message>
    <message>
      <source>没有需要保存的内容。</source>
      <translation>There is nothing to save.</translation>
    </message>
    <message>
      <source>法律</source>
      <translation>Legal</translation>
    </message>
    <message>
      <source>法律援助</source>
      <translation>Legal aid</translation>
    </message>
    <message>
      <source>法律援助机构</source>
      <translation>Legal aid agency</translation>
    </message>
    <message>
      <source>法院</source>
      <translation>Court</translation>
    </message>
    <message>
      <source>浏览…</source>
      <translation>Browse…</translation>
    </message>
    <message>
      <source>添加照护人</source>
      <translation>Add carer</translation>
    </message>
    <message>
      <source>添加照片…</source>
      <translation>Add photo…</translation>
    </message>
    <message>
      <source>添加语言</source>
      <translation>Add language</translation>
    </message>
    <message>
      <source>清除个人信息</source>
      <translation>Personal data purged</translation>
    </message>
    <message>
      <source>演示-截图-密码-2026</source>
      <translation>演示-截图-密码-2026</translation>
    </message>
    <message>
      <source>演示数据</source>
      <translation>Demo Data</translation>
    </message>
    <message>
      <source>演示账户的密码</source>
      <translation>Password for the demo accounts</translation>
    </message>
    <message>
      <source>演示账户（密码为您刚才设置的演示密码）：</source>
      <translation>Demo accounts (the password is the demo password you just set):</translation>
    </message>
    <message>
      <source>照护人</source>
      <translation>Carers</translation>
    </message>
    <message>
      <source>照片</source>
      <translation>Photo</translation>
    </message>
    <message>
      <source>照片保存前去除拍摄地点等信息；只有个案工作者和主管可见，回访工作者看不到。</source>
      <translation>Location and other metadata are removed before a photo is saved; only caseworkers and supervisors see photos, follow-up workers do not.</translation>
    </message>
    <message>
      <source>照片类型</source>
      <translation>Photo type</translation>
    </message>
    <message>
      <source>父亲</source>
      <translation>Father</translation>
    </message>
    <message>
      <source>父母</source>
      <translation>Parent</translation>
    </message>
    <message>
      <source>版本</source>
      <translation>Version</translation>
    </message>
    <message>
      <source>牛兰兰</source>
      <translation>Niu Lanlan</translation>
    </message>
    <message>
      <source>牛建国</source>
      <translation>Niu Jianguo</translation>
    </message>
    <message>
      <source>状态</source>
      <translation>Status</translation>
    </message>
    <message>
      <source>独立生活</source>
      <translation>Independent living</translation>
    </message>
    <message>
      <source>现住址</source>
      <translation>Current address</translation>
    </message>
    <message>
      <source>理由</source>
      <translation>Reason</translation>
    </message>
    <message>
      <source>理由（记入个案经过）</source>
      <translation>Reason (recorded in the case history)</translation>
    </message>
    <message>
      <source>生成寻亲公告…</source>
      <translation>Tracing announcement…</translation>
    </message>
    <message>
      <source>生成年度报告</source>
      <translation>Generated the annual report</translation>
    </message>
    <message>
      <source>生成报告</source>
      <translation>Generate report</translation>
    </message>
    <message>
      <source>生成演示数据</source>
      <translation>Generated demo data</translation>
    </message>
    <message>
      <source>生成演示数据失败：{0}</source>
      <translation>Could not generate the demo data: {0}</translation>
    </message>
    <message>
      <source>生活</source>
      <translation>Daily life</translation>
    </message>
    <message>
      <source>用人单位</source>
      <translation>Employer</translation>
    </message>
    <message>
      <source>用户名</source>
      <translation>Username</translation>
    </message>
    <message>
      <source>用户编号</source>
      <translation>User ID</translation>
    </message>
    <message>
      <source>用社工账户登录即可查看和办理演示个案。</source>
      <translation>Log in with a caseworker account to view and work on the demo cases.</translation>
    </message>
    <message>
      <source>用途</source>
      <translation>Purpose</translation>
    </message>
    <message>
      <source>申请人</source>
      <translation>Requested by</translation>
    </message>
    <message>
      <source>申请日期</source>
      <translation>Application date</translation>
    </message>
    <message>
      <source>申请结案</source>
      <translation>Request closure</translation>
    </message>
    <message>
      <source>申请转移</source>
      <translation>Request transfer</translation>
    </message>
    <message>
      <source>申请转移个案</source>
      <translation>Requested a transfer of the case</translation>
    </message>
    <message>
      <source>申请转移到另一个单位</source>
      <translation>Request a transfer to another unit</translation>
    </message>
    <message>
      <source>电话</source>
      <translation>Phone</translation>
    </message>
    <message>
      <source>男</source>
      <translation>Male</translation>
    </message>
    <message>
      <source>界面语言 / Language</source>
      <translation>界面语言 / Language</translation>
    </message>
    <message>
      <source>界面语言在重新登录后生效。</source>
      <translation>The interface language takes effect at the next log-in.</translation>
    </message>
    <message>
      <source>留空则不加密</source>
      <translation>Leave empty for no encryption</translation>
    </message>
    <message>
      <source>登录</source>
      <translation>Log in</translation>
    </message>
    <message>
      <source>登录 RescueDesk</source>
      <translation>Log in to RescueDesk</translation>
    </message>
    <message>
      <source>登录失败</source>
      <translation>Failed log-in</translation>
    </message>
    <message>
      <source>登记</source>
      <translation>Register</translation>
    </message>
    <message>
      <source>登记与同意</source>
      <translation>Registration and consent</translation>
    </message>
    <message>
      <source>登记开案</source>
      <translation>Case opened</translation>
    </message>
    <message>
      <source>登记收买人</source>
      <translation>Add buyer</translation>
    </message>
    <message>
      <source>登记新个案</source>
      <translation>Register New Case</translation>
    </message>
    <message>
      <source>登记新个案…</source>
      <translation>Register New Case…</translation>
    </message>
    <message>
      <source>登记监护</source>
      <translation>Record guardianship</translation>
    </message>
    <message>
      <source>登记转介回执</source>
      <translation>Register Referral Reply</translation>
    </message>
    <message>
      <source>登记转介回执…</source>
      <translation>Register Referral Reply…</translation>
    </message>
    <message>
      <source>监护</source>
      <translation>Guardianship</translation>
    </message>
    <message>
      <source>监护人</source>
      <translation>Guardian</translation>
    </message>
    <message>
      <source>监护人姓名</source>
      <translation>Guardian's name</translation>
    </message>
    <message>
      <source>监护人（个人姓名或机构名称）</source>
      <translation>Guardian (name of the person or the institution)</translation>
    </message>
    <message>
      <source>监护机构（合作机构）</source>
      <translation>Guardian institution (partner agency)</translation>
    </message>
    <message>
      <source>监护监督</source>
      <translation>Guardianship supervision</translation>
    </message>
    <message>
      <source>监护类型</source>
      <translation>Kind of guardianship</translation>
    </message>
    <message>
      <source>省</source>
      <translation>Province</translation>
    </message>
    <message>
      <source>知道出生日期</source>
      <translation>Date of birth known</translation>
    </message>
    <message>
      <source>研究</source>
      <translation>Research</translation>
    </message>
    <message>
      <source>研究统计</source>
      <translation>Research and statistics</translation>
    </message>
    <message>
      <source>确定</source>
      <translation>OK</translation>
    </message>
    <message>
      <source>确认</source>
      <translation>Confirm</translation>
    </message>
    <message>
      <source>确认寻亲查询可能相符</source>
      <translation>Confirmed a possible family-tracing match</translation>
    </message>
    <message>
      <source>确认提示后保存</source>
      <translation>Saved after confirming warnings on</translation>
    </message>
    <message>
      <source>确认相符</source>
      <translation>Confirm match</translation>
    </message>
    <message>
      <source>确认相符…</source>
      <translation>Confirm match…</translation>
    </message>
    <message>
      <source>示例</source>
      <translation>Example</translation>
    </message>
    <message>
      <source>社会接纳</source>
      <translation>Social acceptance</translation>
    </message>
    <message>
      <source>社工</source>
      <translation>Caseworker</translation>
    </message>
    <message>
      <source>社工：{0}</source>
      <translation>Caseworker: {0}</translation>
    </message>
    <message>
      <source>祖父母/外祖父母</source>
      <translation>Grandparent</translation>
    </message>
    <message>
      <source>移交公安机关</source>
      <translation>Referring police unit</translation>
    </message>
    <message>
      <source>移交单位</source>
      <translation>Handed over by</translation>
    </message>
    <message>
      <source>空着则按接收方类型自动计算（医院14天，其他30天）</source>
      <translation>Leave empty to use the recipient type's days (hospitals 14, others 30)</translation>
    </message>
    <message>
      <source>窗口已锁定。请重新输入密码解锁。</source>
      <translation>The window is locked. Enter your password again to unlock it.</translation>
    </message>
    <message>
      <source>站字2026-15</source>
      <translation>Station-2026-15</translation>
    </message>
    <message>
      <source>端口</source>
      <translation>Port</translation>
    </message>
    <message>
      <source>第 {0} 行提示：{1}</source>
      <translation>Row {0}, hint: {1}</translation>
    </message>
    <message>
      <source>第 {0} 行没有问题。</source>
      <translation>Row {0} has no problems.</translation>
    </message>
    <message>
      <source>第 {0} 行，{1}：{2}</source>
      <translation>Row {0}, {1}: {2}</translation>
    </message>
    <message>
      <source>第 {0} 行：{1}</source>
      <translation>Row {0}: {1}</translation>
    </message>
    <message>
      <source>等待回复 {0}　逾期未复 {1}　已回复 {2}　未发出 {3}</source>
      <translation>Waiting for reply {0}   Overdue {1}   Answered {2}   Not sent {3}</translation>
    </message>
    <message>
      <source>等级（1-4）</source>
      <translation>Grade (1-4)</translation>
    </message>
    <message>
      <source>答复日期</source>
      <translation>Reply date</translation>
    </message>
    <message>
      <source>答复期限</source>
      <translation>Reply due</translation>
    </message>
    <message>
      <source>简体中文</source>
      <translation>简体中文 (Simplified Chinese)</translation>
    </message>
    <message>
      <source>管理员</source>
      <translation>administrator</translation>
    </message>
    <message>
      <source>管理员负责添加同事的账户、单位和合作机构。创建后，本机数据库文件将被加密，只有账户密码能打开。</source>
      <translation>The administrator adds colleagues' accounts, units and partner agencies. Once this account is created, the database file on this computer will be encrypted and can only be opened with an account password.</translation>
    </message>
    <message>
      <source>管理员账户</source>
      <translation>Administrator Account</translation>
    </message>
    <message>
      <source>管理员账户：{0}</source>
      <translation>Administrator account: {0}</translation>
    </message>
    <message>
      <source>类型</source>
      <translation>Type</translation>
    </message>
    <message>
      <source>精神残疾</source>
      <translation>Psychiatric disability</translation>
    </message>
    <message>
      <source>精神状况</source>
      <translation>Mental state</translation>
    </message>
    <message>
      <source>系统</source>
      <translation>System</translation>
    </message>
    <message>
      <source>系统中没有找到中文字体，界面文字可能显示为方框。请安装中文字体，例如 Debian/Ubuntu：sudo apt install fonts-wqy-microhei。</source>
      <translation>No Chinese font was found on this system, so some text may appear as boxes. Please install a Chinese font, e.g. on Debian/Ubuntu: sudo apt install fonts-wqy-microhei.</translation>
    </message>
    <message>
      <source>系统没有安全的钥匙串时才需要</source>
      <translation>Only needed if the system has no secure keychain</translation>
    </message>
    <message>
      <source>系统钥匙串</source>
      <translation>System keychain</translation>
    </message>
    <message>
      <source>红色棉袄，蓝色牛仔裤，白色运动鞋</source>
      <translation>Red padded jacket, blue jeans, white trainers</translation>
    </message>
    <message>
      <source>约{0}岁</source>
      <translation>age approx. {0}</translation>
    </message>
    <message>
      <source>经济</source>
      <translation>Financial</translation>
    </message>
    <message>
      <source>经过</source>
      <translation>History</translation>
    </message>
    <message>
      <source>结束{0}的分派，理由：</source>
      <translation>End the assignment of {0}; reason:</translation>
    </message>
    <message>
      <source>结束分派</source>
      <translation>Unassigned</translation>
    </message>
    <message>
      <source>结束原因</source>
      <translation>Reason for ending</translation>
    </message>
    <message>
      <source>结束所选分派…</source>
      <translation>End the selected assignment…</translation>
    </message>
    <message>
      <source>结束日期</source>
      <translation>End date</translation>
    </message>
    <message>
      <source>结果</source>
      <translation>Outcome</translation>
    </message>
    <message>
      <source>结案申请</source>
      <translation>Closure request</translation>
    </message>
    <message>
      <source>统计员</source>
      <translation>statistician</translation>
    </message>
    <message>
      <source>绿色通道</source>
      <translation>Fast track</translation>
    </message>
    <message>
      <source>编号</source>
      <translation>ID</translation>
    </message>
    <message>
      <source>编辑单位</source>
      <translation>Edit Unit</translation>
    </message>
    <message>
      <source>编辑单位…</source>
      <translation>Edit unit…</translation>
    </message>
    <message>
      <source>编辑合作机构</source>
      <translation>Edit Partner Agency</translation>
    </message>
    <message>
      <source>编辑合作机构…</source>
      <translation>Edit partner agency…</translation>
    </message>
    <message>
      <source>翻译</source>
      <translation>Interpreter</translation>
    </message>
    <message>
      <source>职业培训</source>
      <translation>Vocational training</translation>
    </message>
    <message>
      <source>联系人</source>
      <translation>Contact person</translation>
    </message>
    <message>
      <source>联系电话</source>
      <translation>Telephone</translation>
    </message>
    <message>
      <source>肢体残疾</source>
      <translation>Physical disability</translation>
    </message>
    <message>
      <source>胆小，少言</source>
      <translation>Shy, speaks little</translation>
    </message>
    <message>
      <source>胎记、伤疤、痣等，走失时的衣着</source>
      <translation>Birthmarks, scars, moles; clothes when last seen</translation>
    </message>
    <message>
      <source>胎记、痣、疤痕等：部位和样子</source>
      <translation>Birthmarks, moles, scars…: where and what they look like</translation>
    </message>
    <message>
      <source>自主创业</source>
      <translation>Self-employed</translation>
    </message>
    <message>
      <source>自动备份</source>
      <translation>Automatic backups</translation>
    </message>
    <message>
      <source>自动备份失败：{0}</source>
      <translation>Automatic backup failed: {0}</translation>
    </message>
    <message>
      <source>自称姓名/小名</source>
      <translation>Names she gives / nicknames</translation>
    </message>
    <message>
      <source>至</source>
      <translation>to</translation>
    </message>
    <message>
      <source>至{0}</source>
      <translation>until {0}</translation>
    </message>
    <message>
      <source>草稿</source>
      <translation>Draft</translation>
    </message>
    <message>
      <source>落户安置</source>
      <translation>Local hukou settlement</translation>
    </message>
    <message>
      <source>行号</source>
      <translation>Row</translation>
    </message>
    <message>
      <source>行政区划</source>
      <translation>Division</translation>
    </message>
    <message>
      <source>街面发现</source>
      <translation>Found on the street</translation>
    </message>
    <message>
      <source>补打转介函</source>
      <translation>Reprinted a referral letter</translation>
    </message>
    <message>
      <source>补贴（元）</source>
      <translation>Subsidy (yuan)</translation>
    </message>
    <message>
      <source>表头</source>
      <translation>Header</translation>
    </message>
    <message>
      <source>表格 (*.csv *.xlsx)</source>
      <translation>Spreadsheets (*.csv *.xlsx)</translation>
    </message>
    <message>
      <source>被拐卖成婚</source>
      <translation>Trafficked into marriage</translation>
    </message>
    <message>
      <source>被迫违法犯罪</source>
      <translation>Forced into crime</translation>
    </message>
    <message>
      <source>视力残疾</source>
      <translation>Visual disability</translation>
    </message>
    <message>
      <source>视频</source>
      <translation>Video</translation>
    </message>
    <message>
      <source>解救地区</source>
      <translation>Area of rescue</translation>
    </message>
    <message>
      <source>解救地点</source>
      <translation>Place of rescue</translation>
    </message>
    <message>
      <source>解救日期</source>
      <translation>Date of rescue</translation>
    </message>
    <message>
      <source>解锁</source>
      <translation>Unlock</translation>
    </message>
    <message>
      <source>解锁账户</source>
      <translation>Unlocked an account</translation>
    </message>
    <message>
      <source>言语残疾</source>
      <translation>Speech disability</translation>
    </message>
    <message>
      <source>计划中</source>
      <translation>Planned</translation>
    </message>
    <message>
      <source>计划日期</source>
      <translation>Planned date</translation>
    </message>
    <message>
      <source>记录人</source>
      <translation>Written by</translation>
    </message>
    <message>
      <source>记录公告已在何处、何日发布及其公告期，公告全文随之保存</source>
      <translation>Records where and when the announcement was published and its period; its full text is kept with it</translation>
    </message>
    <message>
      <source>记录发布</source>
      <translation>Record the publication</translation>
    </message>
    <message>
      <source>记录回访 — {0}</source>
      <translation>Record Follow-up Visit — {0}</translation>
    </message>
    <message>
      <source>记录回访…</source>
      <translation>Record visit…</translation>
    </message>
    <message>
      <source>记录所选回访…</source>
      <translation>Record the selected visit…</translation>
    </message>
    <message>
      <source>设置</source>
      <translation>Settings</translation>
    </message>
    <message>
      <source>设置…</source>
      <translation>Settings…</translation>
    </message>
    <message>
      <source>设置或取消个案标记（强迫劳动、强迫乞讨、安全风险……），须填写理由</source>
      <translation>Set or remove the case's flags (forced labour, forced begging, safety risk…); a reason is required</translation>
    </message>
    <message>
      <source>设置标记</source>
      <translation>Flag set</translation>
    </message>
    <message>
      <source>证书</source>
      <translation>Certificate</translation>
    </message>
    <message>
      <source>评估意见</source>
      <translation>Assessment notes</translation>
    </message>
    <message>
      <source>评估日期</source>
      <translation>Assessment date</translation>
    </message>
    <message>
      <source>评估需求尚无服务：{0}</source>
      <translation>Assessed need with no service: {0}</translation>
    </message>
    <message>
      <source>评估风险</source>
      <translation>Assess risk</translation>
    </message>
    <message>
      <source>评定日期</source>
      <translation>Assessment date</translation>
    </message>
    <message>
      <source>评定机构名称</source>
      <translation>Assessing body name</translation>
    </message>
    <message>
      <source>评定机构（合作机构）</source>
      <translation>Assessing body (partner agency)</translation>
    </message>
    <message>
      <source>询问本人</source>
      <translation>Interview with the person</translation>
    </message>
    <message>
      <source>语言</source>
      <translation>Languages</translation>
    </message>
    <message>
      <source>语言康复</source>
      <translation>Speech therapy</translation>
    </message>
    <message>
      <source>说明</source>
      <translation>Notes</translation>
    </message>
    <message>
      <source>请先在个案列表中选中个案（可按住 Ctrl 或 Shift 多选）。</source>
      <translation>First select cases in the case list (hold Ctrl or Shift to select several).</translation>
    </message>
    <message>
      <source>请公安机关进行DNA比对；本程序不记录DNA数据</source>
      <translation>Asks the police for a DNA comparison; this program records no DNA data</translation>
    </message>
    <message>
      <source>请在上方选择一条寻亲查询。</source>
      <translation>Select an inquiry above.</translation>
    </message>
    <message>
      <source>请填写数据库文件的位置。</source>
      <translation>Please enter the location of the database file.</translation>
    </message>
    <message>
      <source>请填写服务器地址和数据库名。</source>
      <translation>Please enter the server address and the database name.</translation>
    </message>
    <message>
      <source>请查看表单中标出的问题。</source>
      <translation>See the problems marked in the form.</translation>
    </message>
    <message>
      <source>请求的服务</source>
      <translation>Service requested</translation>
    </message>
    <message>
      <source>请输入数据库服务器的密码：</source>
      <translation>Enter the password for the database server:</translation>
    </message>
    <message>
      <source>请选择保存转介函的文件夹。</source>
      <translation>Please choose a folder for the referral letters.</translation>
    </message>
    <message>
      <source>请选择新的个案工作者。</source>
      <translation>Please choose the new caseworker.</translation>
    </message>
    <message>
      <source>课程</source>
      <translation>Course</translation>
    </message>
    <message>
      <source>负责人</source>
      <translation>Owner</translation>
    </message>
    <message>
      <source>账户被锁定</source>
      <translation>Account locked</translation>
    </message>
    <message>
      <source>走失地点</source>
      <translation>Place gone missing</translation>
    </message>
    <message>
      <source>走失日期</source>
      <translation>Date gone missing</translation>
    </message>
    <message>
      <source>走失时年龄</source>
      <translation>Age when missing</translation>
    </message>
    <message>
      <source>走失时的岁数（不知道出生年份时填写）</source>
      <translation>Age when gone missing (when the birth year is not known)</translation>
    </message>
    <message>
      <source>走失时的身高，厘米</source>
      <translation>Height when gone missing, cm</translation>
    </message>
    <message>
      <source>走失者</source>
      <translation>Missing person</translation>
    </message>
    <message>
      <source>走失者姓名</source>
      <translation>Missing person's name</translation>
    </message>
    <message>
      <source>走失者的照片</source>
      <translation>The missing person's photo</translation>
    </message>
    <message>
      <source>起始</source>
      <translation>Since</translation>
    </message>
    <message>
      <source>越权理由</source>
      <translation>Override reason</translation>
    </message>
    <message>
      <source>跳过</source>
      <translation>Skip</translation>
    </message>
    <message>
      <source>跳过(&amp;3)</source>
      <translation>Skip (&amp;3)</translation>
    </message>
    <message>
      <source>身份不明</source>
      <translation>Identity unknown</translation>
    </message>
    <message>
      <source>身份不明时填写化名</source>
      <translation>Enter an alias if the identity is unknown</translation>
    </message>
    <message>
      <source>身份已知</source>
      <translation>Identity known</translation>
    </message>
    <message>
      <source>身份证号</source>
      <translation>ID number</translation>
    </message>
    <message>
      <source>身高</source>
      <translation>Height</translation>
    </message>
    <message>
      <source>身高（厘米）</source>
      <translation>Height (cm)</translation>
    </message>
    <message>
      <source>转介</source>
      <translation>Referral</translation>
    </message>
    <message>
      <source>转介事项</source>
      <translation>Service requested</translation>
    </message>
    <message>
      <source>转介函</source>
      <translation>referral letter</translation>
    </message>
    <message>
      <source>转介函.pdf</source>
      <translation>referral-letter.pdf</translation>
    </message>
    <message>
      <source>转介函副本.pdf</source>
      <translation>referral-letter-copy.pdf</translation>
    </message>
    <message>
      <source>转介函模板</source>
      <translation>Referral Letter Templates</translation>
    </message>
    <message>
      <source>转介函类型</source>
      <translation>Letter type</translation>
    </message>
    <message>
      <source>转介回复</source>
      <translation>Referral replies</translation>
    </message>
    <message>
      <source>转介回复逾期：{0}</source>
      <translation>Referral reply overdue: {0}</translation>
    </message>
    <message>
      <source>转介日期</source>
      <translation>Referral date</translation>
    </message>
    <message>
      <source>转学</source>
      <translation>School transfer</translation>
    </message>
    <message>
      <source>转移个案</source>
      <translation>Transfer Case</translation>
    </message>
    <message>
      <source>转移个案…</source>
      <translation>Transfer Case…</translation>
    </message>
    <message>
      <source>转移包 (*.rdtransfer)</source>
      <translation>Transfer packages (*.rdtransfer)</translation>
    </message>
    <message>
      <source>转移包 (*.rdtransfer);;所有文件 (*)</source>
      <translation>Transfer packages (*.rdtransfer);;All files (*)</translation>
    </message>
    <message>
      <source>转移包的密码（请另行告知接收单位）：</source>
      <translation>Password of the package (tell the receiving unit separately):</translation>
    </message>
    <message>
      <source>转移待接收</source>
      <translation>Transfers to accept</translation>
    </message>
    <message>
      <source>转移理由</source>
      <translation>Reason for transfer</translation>
    </message>
    <message>
      <source>载入演示数据</source>
      <translation>Load demo data</translation>
    </message>
    <message>
      <source>辅具</source>
      <translation>Assistive device</translation>
    </message>
    <message>
      <source>辅具名称</source>
      <translation>Assistive device</translation>
    </message>
    <message>
      <source>输入国名、拼音或代码，如 越南、yuenan、VNM</source>
      <translation>Type a country's name, its pinyin or code, e.g. 越南, yuenan, VNM</translation>
    </message>
    <message>
      <source>输入语言或方言，如 越南语、粤语、四川话</source>
      <translation>Type a language or dialect, e.g. 越南语, 粤语, 四川话</translation>
    </message>
    <message>
      <source>近照</source>
      <translation>Recent photo</translation>
    </message>
    <message>
      <source>返乡</source>
      <translation>Return home</translation>
    </message>
    <message>
      <source>返回户籍地甘肃兰州生活，由当地民政局继续救助</source>
      <translation>Going back to live in Lanzhou, Gansu, her home; the local civil-affairs bureau continues the assistance</translation>
    </message>
    <message>
      <source>这个个案有尚未保存的输入。关闭并放弃这些输入吗？</source>
      <translation>This case has unsaved input. Close it and discard the input?</translation>
    </message>
    <message>
      <source>这些行可能是已登记的受助人，或文件中前面某行的同一人。请逐行决定：新建受助人、同一人（个案并入已有档案），或跳过这一行。</source>
      <translation>These rows may be a person already registered, or the same person as an earlier row of the file. Decide for each row: a new person, the same person (the case joins the existing record), or skip the row.</translation>
    </message>
    <message>
      <source>进行中</source>
      <translation>Ongoing</translation>
    </message>
    <message>
      <source>退出</source>
      <translation>Exit</translation>
    </message>
    <message>
      <source>退回到</source>
      <translation>Returned to</translation>
    </message>
    <message>
      <source>送返家庭</source>
      <translation>Return to family</translation>
    </message>
    <message>
      <source>适龄儿童没有就学记录</source>
      <translation>School-age child with no schooling record</translation>
    </message>
    <message>
      <source>适龄未入学</source>
      <translation>School age, no schooling</translation>
    </message>
    <message>
      <source>选中两个不同受助人的个案，把两份档案合并为一份</source>
      <translation>Select cases of two different persons to merge their two records into one</translation>
    </message>
    <message>
      <source>选中行的决定：</source>
      <translation>Decision for the selected row:</translation>
    </message>
    <message>
      <source>选中：{0}</source>
      <translation>Selected: {0}</translation>
    </message>
    <message>
      <source>选择</source>
      <translation>Choose</translation>
    </message>
    <message>
      <source>选择台账文件</source>
      <translation>Choose the ledger file</translation>
    </message>
    <message>
      <source>选择地点</source>
      <translation>Choose a place</translation>
    </message>
    <message>
      <source>选择寻亲查询文件</source>
      <translation>Choose a file of inquiries</translation>
    </message>
    <message>
      <source>选择文件夹…</source>
      <translation>Choose folder…</translation>
    </message>
    <message>
      <source>选择映射文件</source>
      <translation>Choose a mapping file</translation>
    </message>
    <message>
      <source>选择照片</source>
      <translation>Choose a photo</translation>
    </message>
    <message>
      <source>选择照片…</source>
      <translation>Choose a photo…</translation>
    </message>
    <message>
      <source>逐行检查，与导入时完全相同，但不写入数据库。每个问题都列出行号和列。</source>
      <translation>Every row is checked exactly as the import will check it, but nothing is written to the database. Each problem is listed with its row number and column.</translation>
    </message>
    <message>
      <source>通信（联系家人）</source>
      <translation>Communication (contacting family)</translation>
    </message>
    <message>
      <source>逾期</source>
      <translation>Overdue</translation>
    </message>
    <message>
      <source>遣返回国</source>
      <translation>Repatriation</translation>
    </message>
    <message>
      <source>配偶</source>
      <translation>Spouse</translation>
    </message>
    <message>
      <source>采取措施</source>
      <translation>Actions taken</translation>
    </message>
    <message>
      <source>采取的措施</source>
      <translation>Actions taken</translation>
    </message>
    <message>
      <source>采用</source>
      <translation>Use</translation>
    </message>
    <message>
      <source>重印副本…</source>
      <translation>Reprint copy…</translation>
    </message>
    <message>
      <source>重新建立审计链头锚点</source>
      <translation>Audit head anchor re-established</translation>
    </message>
    <message>
      <source>重新开启</source>
      <translation>Reopened</translation>
    </message>
    <message>
      <source>重新开启个案</source>
      <translation>Reopen case</translation>
    </message>
    <message>
      <source>重新检查</source>
      <translation>Check again</translation>
    </message>
    <message>
      <source>重新比对 (F5)</source>
      <translation>Compare again (F5)</translation>
    </message>
    <message>
      <source>重设密码</source>
      <translation>Reset a password</translation>
    </message>
    <message>
      <source>金额（元）</source>
      <translation>Amount (yuan)</translation>
    </message>
    <message>
      <source>锁定窗口</source>
      <translation>Lock Window</translation>
    </message>
    <message>
      <source>长期监护</source>
      <translation>Long-term guardianship</translation>
    </message>
    <message>
      <source>问题</source>
      <translation>Problem</translation>
    </message>
    <message>
      <source>问题清单已保存到 {0}。</source>
      <translation>Problem list saved to {0}.</translation>
    </message>
    <message>
      <source>阶段</source>
      <translation>Stage</translation>
    </message>
    <message>
      <source>阶段与结案</source>
      <translation>Stage and Closure</translation>
    </message>
    <message>
      <source>阶段与结案…</source>
      <translation>Stage and closure…</translation>
    </message>
    <message>
      <source>阶段：{0}</source>
      <translation>Stage: {0}</translation>
    </message>
    <message>
      <source>随函照片</source>
      <translation>Photo enclosed</translation>
    </message>
    <message>
      <source>需求</source>
      <translation>Needs</translation>
    </message>
    <message>
      <source>需求未落实</source>
      <translation>Needs not served</translation>
    </message>
    <message>
      <source>需求评估</source>
      <translation>Needs assessment</translation>
    </message>
    <message>
      <source>预览</source>
      <translation>Preview</translation>
    </message>
    <message>
      <source>预览转介函</source>
      <translation>Previewed a referral letter</translation>
    </message>
    <message>
      <source>风险等级</source>
      <translation>Risk level</translation>
    </message>
    <message>
      <source>饮食</source>
      <translation>Food</translation>
    </message>
    <message>
      <source>驳回结案申请</source>
      <translation>Closure request rejected</translation>
    </message>
    <message>
      <source>驳回结案申请（主管）</source>
      <translation>Reject closure request (supervisor)</translation>
    </message>
    <message>
      <source>高</source>
      <translation>High</translation>
    </message>
    <message>
      <source>魁梧</source>
      <translation>Stocky</translation>
    </message>
    <message>
      <source>默认服务</source>
      <translation>Default service</translation>
    </message>
    <message>
      <source>（{0}保存）</source>
      <translation> (by {0})</translation>
    </message>
    <message>
      <source>（不填）</source>
      <translation>(none)</translation>
    </message>
    <message>
      <source>（不选）</source>
      <translation>(none)</translation>
    </message>
    <message>
      <source>（化名：{0}）</source>
      <translation> (alias: {0})</translation>
    </message>
    <message>
      <source>（姓名不详）</source>
      <translation>(name unknown)</translation>
    </message>
    <message>
      <source>（已清除）</source>
      <translation>(purged)</translation>
    </message>
    <message>
      <source>（已申请结案）</source>
      <translation> (closure requested)</translation>
    </message>
    <message>
      <source>（未写方案）</source>
      <translation>(no plan written)</translation>
    </message>
    <message>
      <source>（未填）</source>
      <translation>(none)</translation>
    </message>
    <message>
      <source>（未选择）</source>
      <translation>(none chosen)</translation>
    </message>
    <message>
      <source>（逾期）</source>
      <translation> (overdue)</translation>
    </message>
  </context>
  <context>
    <name>ops</name>
    <message>
      <source>取消</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <source>无法读写文件 {0}：{1}。</source>
      <translation>Cannot read or write the file {0}: {1}.</translation>
    </message>
  </context>
</TS>
