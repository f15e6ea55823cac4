<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>AttendeesTable</name>
    <message>
        <source>添加在场人员</source>
        <translation>Add person present</translation>
    </message>
    <message>
        <source>被检查单位在场人员</source>
        <translation>Institution&apos;s people present</translation>
    </message>
</context>
<context>
    <name>BarChart</name>
    <message>
        <source>{0}：{1}</source>
        <translation>{0}: {1}</translation>
    </message>
</context>
<context>
    <name>CancelTaskDialog</name>
    <message>
        <source>例如：机构已注销、检查组调整后另行安排</source>
        <translation>e.g. the institution has closed; rescheduled after the team changed</translation>
    </message>
    <message>
        <source>取消任务</source>
        <translation>Cancel task</translation>
    </message>
    <message>
        <source>取消原因(&amp;R)（已有 {0} 项检查记录，必须填写）：</source>
        <translation>&amp;Reason (required: {0} finding(s) already recorded):</translation>
    </message>
    <message>
        <source>取消原因(&amp;R)：</source>
        <translation>&amp;Reason:</translation>
    </message>
    <message>
        <source>取消后任务仍保留（连同已有的记录和审计日志），不能再修改；任务列表默认不显示，可在“状态”中选择“已取消”查看。</source>
        <translation>A cancelled task is kept (with what was recorded and its audit log) but can no longer be changed. The task list hides it unless &quot;Cancelled&quot; is chosen under Status.</translation>
    </message>
    <message>
        <source>取消对 {0} 的检查任务？
状态：{1}；检查组：{2}；计划日期：{3}</source>
        <translation>Cancel the inspection task for {0}?
Status: {1}; team: {2}; planned date: {3}</translation>
    </message>
    <message>
        <source>取消检查任务</source>
        <translation>Cancel inspection task</translation>
    </message>
    <message>
        <source>未定</source>
        <translation>not set</translation>
    </message>
    <message>
        <source>返回</source>
        <translation>Back</translation>
    </message>
</context>
<context>
    <name>CaseDialog</name>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>YYYY-MM-DD</translation>
    </message>
    <message>
        <source>YYYY-MM-DD（责令整改时）</source>
        <translation>YYYY-MM-DD (when rectification is ordered)</translation>
    </message>
    <message>
        <source>{0}“{1}”不是日期，应写成 YYYY-MM-DD。</source>
        <translation>{0} &quot;{1}&quot; is not a date; write it as YYYY-MM-DD.</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>不予处罚的理由</source>
        <translation>Reason for no penalty</translation>
    </message>
    <message>
        <source>作为典型案例</source>
        <translation>Mark as a typical case</translation>
    </message>
    <message>
        <source>保存(&amp;S)</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <source>先保存发现问题的处理结论，才能移交问题线索</source>
        <translation>Save the conclusion on the problems found before referring leads</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>典型案例简要案情</source>
        <translation>Typical case summary</translation>
    </message>
    <message>
        <source>列入严重违法失信名单的日期</source>
        <translation>Date listed as seriously dishonest</translation>
    </message>
    <message>
        <source>列入失信名单</source>
        <translation>Listed as dishonest</translation>
    </message>
    <message>
        <source>处理结论(&amp;C)</source>
        <translation>&amp;Conclusion</translation>
    </message>
    <message>
        <source>处理：结论、整改、处罚、移交</source>
        <translation>Handling: conclusion, rectification, penalty, referral</translation>
    </message>
    <message>
        <source>处罚内容</source>
        <translation>Penalty</translation>
    </message>
    <message>
        <source>处罚决定书(&amp;P)</source>
        <translation>&amp;Penalty decision</translation>
    </message>
    <message>
        <source>处罚决定书文号</source>
        <translation>Penalty decision number</translation>
    </message>
    <message>
        <source>处罚日期</source>
        <translation>Penalty date</translation>
    </message>
    <message>
        <source>备注(&amp;N)</source>
        <translation>&amp;Notes</translation>
    </message>
    <message>
        <source>复查日期</source>
        <translation>Re-inspection date</translation>
    </message>
    <message>
        <source>复查日期和结论</source>
        <translation>Re-inspection date and result</translation>
    </message>
    <message>
        <source>复查未通过</source>
        <translation>Re-inspection failed</translation>
    </message>
    <message>
        <source>复查通过</source>
        <translation>Re-inspection passed</translation>
    </message>
    <message>
        <source>如：责令改正，罚款三万元</source>
        <translation>e.g. ordered to correct, fined 30,000 yuan</translation>
    </message>
    <message>
        <source>尚缺：{0}</source>
        <translation>Still missing: {0}</translation>
    </message>
    <message>
        <source>已办结。</source>
        <translation>Closed.</translation>
    </message>
    <message>
        <source>撤销资质认定证书</source>
        <translation>Revoke the accreditation certificate</translation>
    </message>
    <message>
        <source>收到整改报告</source>
        <translation>Rectification report received</translation>
    </message>
    <message>
        <source>收到整改报告(&amp;R)</source>
        <translation>Rectification report &amp;received</translation>
    </message>
    <message>
        <source>整改期限</source>
        <translation>Rectification deadline</translation>
    </message>
    <message>
        <source>整改期限(&amp;L)</source>
        <translation>Rectification &amp;deadline</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>未保存</source>
        <translation>Not saved</translation>
    </message>
    <message>
        <source>未复查</source>
        <translation>Not re-inspected</translation>
    </message>
    <message>
        <source>未移交</source>
        <translation>Not referred</translation>
    </message>
    <message>
        <source>检查项目</source>
        <translation>Check items</translation>
    </message>
    <message>
        <source>移交日期“{0}”不是日期，应写成 YYYY-MM-DD。</source>
        <translation>Referral date &quot;{0}&quot; is not a date; write it as YYYY-MM-DD.</translation>
    </message>
    <message>
        <source>移交的问题线索</source>
        <translation>Referred leads</translation>
    </message>
    <message>
        <source>移交给</source>
        <translation>Refer to</translation>
    </message>
    <message>
        <source>移交问题线索(&amp;Y)…</source>
        <translation>Refer lead&amp;s…</translation>
    </message>
    <message>
        <source>结论日期</source>
        <translation>Conclusion date</translation>
    </message>
    <message>
        <source>结论日期(&amp;D)</source>
        <translation>Conclusion &amp;date</translation>
    </message>
    <message>
        <source>问题线索</source>
        <translation>Leads</translation>
    </message>
</context>
<context>
    <name>ChecklistPage</name>
    <message>
        <source>{0}（{1}）</source>
        <translation>{0} ({1})</translation>
    </message>
    <message>
        <source>{0}（{1}，{2}）；共 {3} 项。「{4}」选「是」表示发现问题。</source>
        <translation>{0} ({1}, {2}); {3} items. Answering &quot;{4}&quot; with &quot;Yes&quot; means a problem was found.</translation>
    </message>
    <message>
        <source>尚未核实，暂不列出。</source>
        <translation>Not yet verified, so not listed.</translation>
    </message>
    <message>
        <source>是否发现问题</source>
        <translation>Problem found?</translation>
    </message>
    <message>
        <source>检查事项</source>
        <translation>Check items</translation>
    </message>
    <message>
        <source>检查事项清单</source>
        <translation>Checklist</translation>
    </message>
    <message>
        <source>检查方法及证明材料要求</source>
        <translation>Check method and required evidence</translation>
    </message>
    <message>
        <source>法律依据</source>
        <translation>Legal basis</translation>
    </message>
    <message>
        <source>版本(&amp;B)：</source>
        <translation>Versio&amp;n:</translation>
    </message>
</context>
<context>
    <name>ConfirmImportDialog</name>
    <message>
        <source>{0} 的签名密钥尚未登记在本数据库中。请通过电话或当面请对方读出其密钥指纹，与下面逐组核对：

{1}

完全一致才点“一致，信任”；不一致说明文件不是对方签署的，请不要导入。</source>
        <translation>{0}&apos;s signing key is not yet registered in this database. Ask them, by phone or in person, to read out their key fingerprint, and compare it group by group with the one below:

{1}

Click &quot;Match, trust&quot; only if it is identical; if not, the file was not signed by them: do not import it.</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>一致，信任(&amp;Y)</source>
        <translation>Match, &amp;trust</translation>
    </message>
    <message>
        <source>不一致(&amp;N)</source>
        <translation>&amp;No match</translation>
    </message>
    <message>
        <source>任务</source>
        <translation>Tasks</translation>
    </message>
    <message>
        <source>任务分配包会改写本数据库（组长）的名录库：须与 {0} 核对密钥指纹</source>
        <translation>An assignment package rewrites this (lead&apos;s) database&apos;s registries: check {0}&apos;s key fingerprint</translation>
    </message>
    <message>
        <source>作者</source>
        <translation>Author</translation>
    </message>
    <message>
        <source>创建时间</source>
        <translation>Created</translation>
    </message>
    <message>
        <source>取消(&amp;C)</source>
        <translation>&amp;Cancel</translation>
    </message>
    <message>
        <source>可以导入</source>
        <translation>Can be imported</translation>
    </message>
    <message>
        <source>导入勾选的文件(&amp;I)</source>
        <translation>&amp;Import checked files</translation>
    </message>
    <message>
        <source>导入数据包</source>
        <translation>Import packages</translation>
    </message>
    <message>
        <source>已核对指纹，可以导入</source>
        <translation>Fingerprint checked, can be imported</translation>
    </message>
    <message>
        <source>已检查 {0} 个文件：{1} 个通过全部校验，{2} 个未通过。勾选的文件将被合并到本数据库；未通过校验的文件如勾选，只记入收件箱（写明原因），不会改动任何记录。</source>
        <translation>Checked {0} file(s): {1} passed every check, {2} failed. The checked files will be merged into this database; a failed file, if checked, is only recorded in the inbox (with the reason) and changes no record.</translation>
    </message>
    <message>
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <source>未通过：{0}</source>
        <translation>Failed: {0}</translation>
    </message>
    <message>
        <source>本数据库的角色是组长：任务分配包会改写本数据库的名录库、登记的签名密钥和检查机关，只在核对过发出人之后导入。请通过电话或当面请 {0} 读出其密钥指纹，与下面逐组核对：

{1}

完全一致才点“一致，信任”；不一致说明文件不是对方签署的，请不要导入。</source>
        <translation>This database&apos;s role is team lead: an assignment package rewrites its registries, registered signing keys and inspecting authority, so it is imported only once its sender is confirmed. Ask {0}, by phone or in person, to read out their key fingerprint, and compare it group by group with the one below:

{1}

Click &quot;Match, trust&quot; only if it is identical; if not, the file was not signed by them: do not import it.</translation>
    </message>
    <message>
        <source>校验结果</source>
        <translation>Check result</translation>
    </message>
    <message>
        <source>核对密钥指纹</source>
        <translation>Check key fingerprint</translation>
    </message>
    <message>
        <source>核对指纹并信任(&amp;F)…</source>
        <translation>Check &amp;fingerprint and trust…</translation>
    </message>
    <message>
        <source>首次收到 {0} 的任务分配包：须与其核对密钥指纹</source>
        <translation>First assignment package from {0}: check their key fingerprint</translation>
    </message>
</context>
<context>
    <name>ConflictsDialog</name>
    <message>
        <source>{0}&#x3000;—&#x3000;{1}（{2}，{3}）</source>
        <translation>{0} — {1} ({2}, {3})</translation>
    </message>
    <message>
        <source>“{0}”的冲突已在别处解决（另一个程序或命令行），已从列表中移去；这里选定和填写的内容没有保存。</source>
        <translation>The conflict “{0}” was resolved elsewhere (another program or the command line) and was taken off the list; what was chosen or typed for it here was not saved.</translation>
    </message>
    <message>
        <source>“合写”的内容不是这一项可以取的值（例如结论只能是其中一个版本），没有保存。请选定一个版本。</source>
        <translation>The combined text is not a value this item can take (a verdict, for instance, can only be one of the versions); nothing was saved. Please choose a version.</translation>
    </message>
    <message>
        <source>一个版本或合并后的内容</source>
        <translation>A version or the combined content</translation>
    </message>
    <message>
        <source>以下内容在两台设备上从同一版本起被改成了不同的值。请逐项选定一个版本，或写出合并后的内容，并写明理由（记入审计日志）。</source>
        <translation>The items below were changed to different values on two devices starting from the same version. Choose one version for each, or write the merged content, and give a reason (recorded in the audit log).</translation>
    </message>
    <message>
        <source>例如：以现场照片为准</source>
        <translation>e.g. the on-site photos are authoritative</translation>
    </message>
    <message>
        <source>关闭(&amp;L)</source>
        <translation>C&amp;lose</translation>
    </message>
    <message>
        <source>其中一个版本</source>
        <translation>One of the versions</translation>
    </message>
    <message>
        <source>合写(&amp;W)：</source>
        <translation>Co&amp;mbine:</translation>
    </message>
    <message>
        <source>或写出合并后的内容</source>
        <translation>Or write the merged content</translation>
    </message>
    <message>
        <source>放弃填写的内容并关闭(&amp;D)</source>
        <translation>&amp;Discard what was entered and close</translation>
    </message>
    <message>
        <source>有 {0} 处冲突已选定或填写了内容，但还没有点“解决”。关闭后这些内容不会保存。</source>
        <translation>{0} conflict(s) have a choice or text entered but were not resolved (“Resolve” was not clicked). Closing will not keep them.</translation>
    </message>
    <message>
        <source>未解决的冲突</source>
        <translation>Unresolved conflicts</translation>
    </message>
    <message>
        <source>本机</source>
        <translation>This computer</translation>
    </message>
    <message>
        <source>没有未解决的冲突。</source>
        <translation>No unresolved conflicts.</translation>
    </message>
    <message>
        <source>理由(&amp;R)：</source>
        <translation>&amp;Reason:</translation>
    </message>
    <message>
        <source>解决(&amp;S)</source>
        <translation>Re&amp;solve</translation>
    </message>
    <message>
        <source>请选定一个版本，或在“合写”中写出合并后的内容。</source>
        <translation>Choose a version, or write the merged content under “Combine”.</translation>
    </message>
    <message>
        <source>返回继续填写(&amp;B)</source>
        <translation>&amp;Back to the conflicts</translation>
    </message>
    <message>
        <source>这处冲突在您选择期间有了新的版本（另一处导入了数据包），已重新列出，请重新选定。</source>
        <translation>This conflict received a new version while you were choosing (a package was imported elsewhere). The versions are listed again: please choose again.</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>Word 文档 (*.docx)</source>
        <translation>Word document (*.docx)</translation>
    </message>
    <message>
        <source>{0} {1} 件（{2} 家机构）</source>
        <translation>{0}: {1} referral(s) ({2} institution(s))</translation>
    </message>
    <message>
        <source>{0} — {1}，期限 {2}</source>
        <translation>{0} — {1}, due {2}</translation>
    </message>
    <message>
        <source>{0}. {1}：{2}</source>
        <translation>{0}. {1}: {2}</translation>
    </message>
    <message>
        <source>{0}年 {1}</source>
        <translation>{0} {1}</translation>
    </message>
    <message>
        <source>{0}年度监督抽查工作总结</source>
        <translation>Spot-check summary {0}</translation>
    </message>
    <message>
        <source>任务数</source>
        <translation>Tasks</translation>
    </message>
    <message>
        <source>任务进度（按状态）</source>
        <translation>Task progress (by status)</translation>
    </message>
    <message>
        <source>信用记录</source>
        <translation>Credit records</translation>
    </message>
    <message>
        <source>信用记录（Excel）…</source>
        <translation>Credit records (Excel)…</translation>
    </message>
    <message>
        <source>公示与移交(&amp;P)</source>
        <translation>&amp;Publish and refer</translation>
    </message>
    <message>
        <source>写出年度工作总结</source>
        <translation>Write the annual summary</translation>
    </message>
    <message>
        <source>写出年度工作总结(&amp;S)…</source>
        <translation>Annual &amp;summary…</translation>
    </message>
    <message>
        <source>发现问题的检查项目（已签署记录数，横轴为项目序号）</source>
        <translation>Check items with problems (signed records; horizontal axis: item number)</translation>
    </message>
    <message>
        <source>处理结论</source>
        <translation>Conclusions</translation>
    </message>
    <message>
        <source>处理结论（已签署记录）</source>
        <translation>Conclusions (signed records)</translation>
    </message>
    <message>
        <source>已写出：{0}</source>
        <translation>Written: {0}</translation>
    </message>
    <message>
        <source>年度工作总结已写出：{0}</source>
        <translation>Annual summary written: {0}</translation>
    </message>
    <message>
        <source>抽查结果公示</source>
        <translation>Spot-check results publication</translation>
    </message>
    <message>
        <source>抽查结果公示（Excel 和 PDF 公告）…</source>
        <translation>Spot-check results publication (Excel and PDF notice)…</translation>
    </message>
    <message>
        <source>抽查计划：</source>
        <translation>Plan:</translation>
    </message>
    <message>
        <source>授权签字人考核结果</source>
        <translation>Authorized signatory test results</translation>
    </message>
    <message>
        <source>整改逾期未收到整改材料</source>
        <translation>no proof of rectification by the deadline</translation>
    </message>
    <message>
        <source>无</source>
        <translation>None</translation>
    </message>
    <message>
        <source>案件线索移送清单（司法机关）</source>
        <translation>Case referral list (judicial authorities)</translation>
    </message>
    <message>
        <source>检查项目问题</source>
        <translation>Problems by check item</translation>
    </message>
    <message>
        <source>汇总与公示</source>
        <translation>Summary and publication</translation>
    </message>
    <message>
        <source>现场检查逾期未完成（{0}）</source>
        <translation>on-site inspection not finished in time ({0})</translation>
    </message>
    <message>
        <source>盲样数</source>
        <translation>Blind samples</translation>
    </message>
    <message>
        <source>盲样考核结果</source>
        <translation>Blind-sample test results</translation>
    </message>
    <message>
        <source>移交公安机关的问题线索（清单和移送函）…</source>
        <translation>Leads referred to the police (list and transfer letter)…</translation>
    </message>
    <message>
        <source>移交生态环境部门的问题线索（清单和移送函）…</source>
        <translation>Leads referred to the ecology and environment department (list and transfer letter)…</translation>
    </message>
    <message>
        <source>移交：{0}
责令整改 {1} 家，已验收 {2} 家，逾期未整改 {3} 家；行政处罚 {4} 件，撤销资质 {5} 家，列入严重违法失信名单 {6} 家；典型案例 {7} 件</source>
        <translation>Referrals: {0}
Ordered to rectify: {1}, accepted: {2}, overdue: {3}; administrative penalties: {4}, accreditations revoked: {5}, listed as seriously dishonest: {6}; typical cases: {7}</translation>
    </message>
    <message>
        <source>移送司法机关的案件线索（清单和移送函）…</source>
        <translation>Case leads transferred to judicial authorities (list and transfer letter)…</translation>
    </message>
    <message>
        <source>结论与移交</source>
        <translation>Conclusions and referrals</translation>
    </message>
    <message>
        <source>考核人数</source>
        <translation>People tested</translation>
    </message>
    <message>
        <source>自查截止 {0} · 现场检查 {1} 至 {2} · 总结上报截止 {3}（按 {4} 计）· 共 {5} 项任务，已签署 {6} 项</source>
        <translation>Self-check due {0} · on-site inspections {1} to {2} · summary due {3} (counted by {4}) · {5} tasks, {6} signed</translation>
    </message>
    <message>
        <source>记录数</source>
        <translation>Records</translation>
    </message>
    <message>
        <source>还没有抽查计划：请先在“抽查计划”页新建计划并抽取。</source>
        <translation>No spot-check plan yet: create a plan and draw on the &quot;Spot-check plans&quot; page first.</translation>
    </message>
    <message>
        <source>进度与考核</source>
        <translation>Progress and tests</translation>
    </message>
    <message>
        <source>逾期 {0} 项：</source>
        <translation>{0} overdue: </translation>
    </message>
    <message>
        <source>问题线索移交清单（公安机关）</source>
        <translation>Lead referral list (police)</translation>
    </message>
    <message>
        <source>问题线索移交清单（生态环境部门）</source>
        <translation>Lead referral list (ecology and environment department)</translation>
    </message>
    <message>
        <source>（无标题）</source>
        <translation>(untitled)</translation>
    </message>
    <message>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <source>；另有 {0} 项（悬停可见全部）</source>
        <translation>; {0} more (hover to see all)</translation>
    </message>
</context>
<context>
    <name>DrawDialog</name>
    <message>
        <source>PDF 文件 (*.pdf);;Excel 工作簿 (*.xlsx)</source>
        <translation>PDF files (*.pdf);;Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>{0} 个检查组；{1}</source>
        <translation>{0} inspection team(s); {1}</translation>
    </message>
    <message>
        <source>{0} 家机构，人员名单 {1} 人。{2}</source>
        <translation>{0} institution(s), {1} people on the roster. {2}</translation>
    </message>
    <message>
        <source>保存抽取记录</source>
        <translation>Save the draw record</translation>
    </message>
    <message>
        <source>公告与抽取：检查人员（检查组）</source>
        <translation>Announce and draw: inspectors (teams)</translation>
    </message>
    <message>
        <source>公告与抽取：检查对象（机构）</source>
        <translation>Announce and draw: institutions</translation>
    </message>
    <message>
        <source>公告抽取</source>
        <translation>Announce the draw</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>写出 {0}</source>
        <translation>Write {0}</translation>
    </message>
    <message>
        <source>写出文件</source>
        <translation>Write file</translation>
    </message>
    <message>
        <source>名单无法整理，见错误说明。</source>
        <translation>The lists could not be prepared; see the error.</translation>
    </message>
    <message>
        <source>复核不通过：</source>
        <translation>Verification failed:</translation>
    </message>
    <message>
        <source>复核抽取记录</source>
        <translation>Verify the draw record</translation>
    </message>
    <message>
        <source>复核通过：按记录本身（公告的名单、随机数）重算，结果完全一致。</source>
        <translation>Verified: recomputed from the record itself (the announced lists, the random numbers), the result is identical.</translation>
    </message>
    <message>
        <source>密钥：{0}</source>
        <translation>Key: {0}</translation>
    </message>
    <message>
        <source>密钥：（输入随机数后显示）</source>
        <translation>Key: (shown after the random numbers are entered)</translation>
    </message>
    <message>
        <source>已保存：{0}</source>
        <translation>Saved: {0}</translation>
    </message>
    <message>
        <source>已公告。请保存公告文件（JSON）并公布，随机数产生之前公布才可供复核。</source>
        <translation>Announced. Save the announcement file (JSON) and publish it: it can be verified only if published before the random numbers exist.</translation>
    </message>
    <message>
        <source>已写出：{0}</source>
        <translation>Written: {0}</translation>
    </message>
    <message>
        <source>已取消。</source>
        <translation>Cancelled.</translation>
    </message>
    <message>
        <source>已取消，未写出文件。</source>
        <translation>Cancelled; no file written.</translation>
    </message>
    <message>
        <source>已建立 {0} 项检查任务。</source>
        <translation>{0} inspection task(s) created.</translation>
    </message>
    <message>
        <source>已建立检查任务 {0} 项。</source>
        <translation>Inspection tasks created: {0}.</translation>
    </message>
    <message>
        <source>已按结果建立检查任务，不能再重新抽取</source>
        <translation>Inspection tasks were created from the result; the draw can no longer be repeated</translation>
    </message>
    <message>
        <source>建立检查任务</source>
        <translation>Create inspection tasks</translation>
    </message>
    <message>
        <source>抽取</source>
        <translation>Draw</translation>
    </message>
    <message>
        <source>抽取公告-{0}.json</source>
        <translation>draw-announcement-{0}.json</translation>
    </message>
    <message>
        <source>抽取记录 (*.json)</source>
        <translation>Draw records (*.json)</translation>
    </message>
    <message>
        <source>抽取记录-{0}.json</source>
        <translation>draw-record-{0}.json</translation>
    </message>
    <message>
        <source>抽查名单公示</source>
        <translation>Spot-check list publication</translation>
    </message>
    <message>
        <source>按抽查比例核对：{0} 家（核对用，不折算为数量）。</source>
        <translation>By the spot-check rate: {0} (for checking only, not converted to a count).</translation>
    </message>
    <message>
        <source>按计划的规则组不成检查组，不能公告：
</source>
        <translation>The plan&apos;s rules cannot form inspection teams, so the draw cannot be announced:
</translation>
    </message>
    <message>
        <source>整理抽取名单</source>
        <translation>Prepare the draw lists</translation>
    </message>
    <message>
        <source>检查组分配表</source>
        <translation>Team assignment sheet</translation>
    </message>
    <message>
        <source>正在写出 {0}…</source>
        <translation>Writing {0}…</translation>
    </message>
    <message>
        <source>正在冻结名单并计算 SHA-256…</source>
        <translation>Freezing the lists and computing SHA-256…</translation>
    </message>
    <message>
        <source>正在按机构库和计划的排除名单整理各领域名单…</source>
        <translation>Preparing each field&apos;s list from the institution registry and the plan&apos;s exclusions…</translation>
    </message>
    <message>
        <source>正在按记录本身复核…</source>
        <translation>Verifying from the record itself…</translation>
    </message>
    <message>
        <source>正在核对名单与公告是否一致并抽取…</source>
        <translation>Checking that the lists match the announcement, and drawing…</translation>
    </message>
    <message>
        <source>第二步：抽取。已于 {0} 公告，随机数来源：{1}。
公告 SHA-256：{2}
随机数公开后，照公布的数字输入（全角数字和标点也可以）。可以先关闭本窗口，以后从计划页继续。</source>
        <translation>Step 2: draw. Announced on {0}; source of the random numbers: {1}.
Announcement SHA-256: {2}
Once the random numbers are public, enter them as published (full-width digits and punctuation are fine). You can close this window and continue later from the plans page.</translation>
    </message>
    <message>
        <source>计划范围内机构库共 {0} 家；可抽取 {1} 家，不列入 {2} 家。</source>
        <translation>The plan&apos;s scope has {0} institution(s) in the registry; {1} can be drawn, {2} left out.</translation>
    </message>
    <message>
        <source>请写明随机数的来源：公告时尚未产生的公开数字。</source>
        <translation>State the source of the random numbers: public numbers not yet produced at announcement.</translation>
    </message>
    <message>
        <source>请输入公布的随机数。</source>
        <translation>Enter the published random numbers.</translation>
    </message>
    <message>
        <source>重新抽取必须写明理由：原记录将保留，理由随新记录公布。</source>
        <translation>A repeated draw needs a reason: the original record is kept and the reason is published with the new one.</translation>
    </message>
    <message>
        <source>随机数来源：{0}
随机数：{1}    密钥：{2}    抽取时间：{3}</source>
        <translation>Random number source: {0}
Random numbers: {1}    Key: {2}    Drawn at: {3}</translation>
    </message>
</context>
<context>
    <name>DrawPages</name>
    <message>
        <source>人员名单(&amp;E)</source>
        <translation>Inspector r&amp;oster</translation>
    </message>
    <message>
        <source>保存公告以便公布(&amp;P)…</source>
        <translation>Save the announcement for &amp;publication…</translation>
    </message>
    <message>
        <source>公告(&amp;A)</source>
        <translation>&amp;Announce</translation>
    </message>
    <message>
        <source>公告时尚未产生的公开数字，如“2025年9月20日中国体育彩票排列5开奖号码”</source>
        <translation>Public numbers not yet produced at announcement, e.g. &quot;China Sports Lottery Pick 5 draw of 20 September 2025&quot;</translation>
    </message>
    <message>
        <source>公告的人员名单(&amp;O)</source>
        <translation>Announced r&amp;oster</translation>
    </message>
    <message>
        <source>公告的名单(&amp;O)</source>
        <translation>Announced &amp;lists</translation>
    </message>
    <message>
        <source>写出 PDF 或 Excel 文件，供公布或分发</source>
        <translation>Write a PDF or Excel file for publication or distribution</translation>
    </message>
    <message>
        <source>各组用“/”分隔，组内用空格或逗号分隔，如 9319 / 2 5 12 8 10 / 9 18 26 34 41 45</source>
        <translation>Separate groups with &quot;/&quot; and numbers within a group with spaces or commas, e.g. 9319 / 2 5 12 8 10 / 9 18 26 34 41 45</translation>
    </message>
    <message>
        <source>各领域名单(&amp;L)</source>
        <translation>&amp;Lists by field</translation>
    </message>
    <message>
        <source>导出抽取记录(&amp;E)…</source>
        <translation>&amp;Export the draw record…</translation>
    </message>
    <message>
        <source>建立检查任务(&amp;K)</source>
        <translation>Create inspection tas&amp;ks</translation>
    </message>
    <message>
        <source>必填：原记录将保留，理由随新记录公布</source>
        <translation>Required: the original record is kept and the reason is published with the new one</translation>
    </message>
    <message>
        <source>抽中的机构(&amp;L)</source>
        <translation>Drawn institution&amp;s</translation>
    </message>
    <message>
        <source>抽取(&amp;D)</source>
        <translation>&amp;Draw</translation>
    </message>
    <message>
        <source>抽查名单公示(&amp;P)…</source>
        <translation>Spot-check list &amp;publication…</translation>
    </message>
    <message>
        <source>按检查组各建立一项检查任务（抽取时已建立；中断时在此补建）</source>
        <translation>Create one inspection task per team (done when drawing; use this to finish after an interruption)</translation>
    </message>
    <message>
        <source>排除和仍列入的机构(&amp;E)</source>
        <translation>&amp;Excluded and kept institutions</translation>
    </message>
    <message>
        <source>检查组(&amp;L)</source>
        <translation>Inspection tea&amp;ms</translation>
    </message>
    <message>
        <source>检查组分配表(&amp;P)…</source>
        <translation>Team assignment &amp;sheet…</translation>
    </message>
    <message>
        <source>每一步(&amp;T)</source>
        <translation>Every s&amp;tep</translation>
    </message>
    <message>
        <source>第一步：公告。下列名单按统一社会信用代码升序冻结，记录各名单的 SHA-256 和将来公开的随机数来源；随机数公开后再抽取，任何人都可以按公告复核。</source>
        <translation>Step 1: announce. The lists below are frozen in ascending order of unified social credit code, recording each list&apos;s SHA-256 and the source of the future public random numbers; the draw happens once they are public, and anyone can verify it against the announcement.</translation>
    </message>
    <message>
        <source>第一步：公告。冻结抽中的机构（按抽中顺序）、人员名单（按公布的顺序）和组队规则，记录将来公开的随机数来源；随机数公开后再抽取，任何人都可以按公告复核。</source>
        <translation>Step 1: announce. Freezes the drawn institutions (in draw order), the roster (in published order) and the team rules, and records the source of the future public random numbers; the draw happens once they are public, and anyone can verify it against the announcement.</translation>
    </message>
    <message>
        <source>重新公告(&amp;R)…</source>
        <translation>&amp;Re-announce…</translation>
    </message>
    <message>
        <source>重新抽取(&amp;R)…</source>
        <translation>&amp;Redraw…</translation>
    </message>
    <message>
        <source>重新抽取的理由(&amp;R)：</source>
        <translation>&amp;Reason for the redraw:</translation>
    </message>
    <message>
        <source>随机数(&amp;N)：</source>
        <translation>Random &amp;numbers:</translation>
    </message>
    <message>
        <source>随机数来源(&amp;S)：</source>
        <translation>Random number &amp;source:</translation>
    </message>
</context>
<context>
    <name>ExamsTab</name>
    <message>
        <source>添加签字人考试</source>
        <translation>Add signatory exam</translation>
    </message>
</context>
<context>
    <name>ExclusionDialog</name>
    <message>
        <source>{0}  {1}（{2}）</source>
        <translation>{0}  {1} ({2})</translation>
    </message>
    <message>
        <source>列入：上级已抽取的仍列入本级名单(&amp;I)</source>
        <translation>&amp;Include: keep on this level&apos;s list although drawn by a higher level</translation>
    </message>
    <message>
        <source>区县未填</source>
        <translation>District not filled in</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>取消已设的排除或列入(&amp;C)</source>
        <translation>&amp;Clear the exclusion or inclusion</translation>
    </message>
    <message>
        <source>如：正在立案调查；省局同意本级再次检查</source>
        <translation>e.g. under investigation; the provincial bureau agreed to another inspection at this level</translation>
    </message>
    <message>
        <source>找到 {0} 家</source>
        <translation>{0} found</translation>
    </message>
    <message>
        <source>找到 {0} 家，只列出前 200 家：请输入更多字</source>
        <translation>{0} found, only the first 200 are listed: type more characters</translation>
    </message>
    <message>
        <source>排除或列入一家机构必须写明理由（将随抽取记录公布）。</source>
        <translation>Excluding or including an institution needs a reason (published with the draw record).</translation>
    </message>
    <message>
        <source>排除或列入机构</source>
        <translation>Exclude or include institutions</translation>
    </message>
    <message>
        <source>排除：不列入抽取名单(&amp;X)</source>
        <translation>E&amp;xclude: leave out of the draw list</translation>
    </message>
    <message>
        <source>查找机构(&amp;F)：</source>
        <translation>&amp;Find institution:</translation>
    </message>
    <message>
        <source>理由(&amp;R)：</source>
        <translation>&amp;Reason:</translation>
    </message>
    <message>
        <source>确定(&amp;O)</source>
        <translation>&amp;OK</translation>
    </message>
    <message>
        <source>计划：{0}</source>
        <translation>Plan: {0}</translation>
    </message>
    <message>
        <source>请先查找并选中一家机构。</source>
        <translation>Find and select an institution first.</translation>
    </message>
    <message>
        <source>输入机构名称或统一社会信用代码的一部分</source>
        <translation>Type part of the institution&apos;s name or unified social credit code</translation>
    </message>
</context>
<context>
    <name>FindingsExport</name>
    <message>
        <source>包内附有数字签名的现场检查记录 PDF。</source>
        <translation>The package contains the digitally signed on-site inspection record PDF.</translation>
    </message>
    <message>
        <source>导出检查结果包</source>
        <translation>Export the results package</translation>
    </message>
    <message>
        <source>数据包用您的签名密钥签名。签名密钥的口令：</source>
        <translation>The package is signed with your signing key. Passphrase of the signing key:</translation>
    </message>
    <message>
        <source>检查结果</source>
        <translation>findings</translation>
    </message>
    <message>
        <source>检查结果包 (*{0})</source>
        <translation>Results packages (*{0})</translation>
    </message>
    <message>
        <source>检查结果包已写入：{0}</source>
        <translation>Results package written: {0}</translation>
    </message>
    <message>
        <source>请把它交给组长，由组长在“数据包”页导入。</source>
        <translation>Hand it to the team leader, who imports it on the &quot;Packages&quot; page.</translation>
    </message>
</context>
<context>
    <name>ImportCertificateDialog</name>
    <message>
        <source>{0} 至 {1}</source>
        <translation>{0} to {1}</translation>
    </message>
    <message>
        <source>{0}（{1}，{2}）</source>
        <translation>{0} ({1}, {2})</translation>
    </message>
    <message>
        <source>{0}（执法证号 {1}）</source>
        <translation>{0} (enforcement ID {1})</translation>
    </message>
    <message>
        <source>取消(&amp;C)</source>
        <translation>&amp;Cancel</translation>
    </message>
    <message>
        <source>指纹（SHA-256）：</source>
        <translation>Fingerprint (SHA-256):</translation>
    </message>
    <message>
        <source>无</source>
        <translation>None</translation>
    </message>
    <message>
        <source>无执法证号</source>
        <translation>No enforcement ID</translation>
    </message>
    <message>
        <source>有效期：</source>
        <translation>Valid:</translation>
    </message>
    <message>
        <source>检查人员(&amp;P)：</source>
        <translation>&amp;Inspector:</translation>
    </message>
    <message>
        <source>登记(&amp;R)</source>
        <translation>&amp;Register</translation>
    </message>
    <message>
        <source>登记他人证书</source>
        <translation>Register someone&apos;s certificate</translation>
    </message>
    <message>
        <source>证书上的姓名：</source>
        <translation>Name on the certificate:</translation>
    </message>
    <message>
        <source>证书文件：</source>
        <translation>Certificate file:</translation>
    </message>
    <message>
        <source>证书登记后，此人用对应密钥签署的记录和结果包在本数据库中验证为可信。登记前请打电话给本人，请其读出自己软件中显示的指纹，与下面的指纹逐组核对。</source>
        <translation>Once the certificate is registered, records and results packages this person signs with the matching key verify as trusted in this database. Before registering, phone the person, ask them to read out the fingerprint shown in their copy of the software, and compare it group by group with the one below.</translation>
    </message>
    <message>
        <source>请选择这张证书属于人员库中的哪一名检查人员。</source>
        <translation>Choose which inspector in the roster this certificate belongs to.</translation>
    </message>
    <message>
        <source>输入姓名、单位或执法证号查找</source>
        <translation>Search by name, unit or enforcement ID</translation>
    </message>
    <message>
        <source>这张证书已登记在{0}名下。</source>
        <translation>This certificate is already registered to {0}.</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>按文件中的「机构类别」列</source>
        <translation>From the file&apos;s &quot;institution category&quot; column</translation>
    </message>
    <message>
        <source>文件(&amp;F)：</source>
        <translation>&amp;File:</translation>
    </message>
    <message>
        <source>机构类别(&amp;C)：</source>
        <translation>&amp;Category:</translation>
    </message>
    <message>
        <source>浏览(&amp;B)…</source>
        <translation>&amp;Browse…</translation>
    </message>
    <message>
        <source>跳过不符合要求的行，并把它们连同原因另存为新文件(&amp;S)</source>
        <translation>&amp;Skip rows that do not qualify and save them, with the reasons, to a new file</translation>
    </message>
    <message>
        <source>选择工作簿</source>
        <translation>Choose a workbook</translation>
    </message>
    <message>
        <source>选择要导入的 .xlsx 文件</source>
        <translation>Choose the .xlsx file to import</translation>
    </message>
</context>
<context>
    <name>InboxPage</name>
    <message>
        <source>{0} 中的 {1}</source>
        <translation>{1} in {0}</translation>
    </message>
    <message>
        <source>{0} 在核对之后无法再读取，没有导入。</source>
        <translation>{0} could no longer be read after it was checked; it was not imported.</translation>
    </message>
    <message>
        <source>{0} 在核对之后被删除或移走了，没有导入。</source>
        <translation>{0} was deleted or moved after it was checked; it was not imported.</translation>
    </message>
    <message>
        <source>{0} 在核对之后被改动或替换过，与核对时显示的不是同一个文件，没有导入。请重新导入它，核对后再合并。</source>
        <translation>{0} was changed or replaced after it was checked: it is not the file that was shown, and it was not imported. Import it again to check it before it is merged.</translation>
    </message>
    <message>
        <source>{0} 处</source>
        <translation>{0}</translation>
    </message>
    <message>
        <source>{0} 处冲突待解决：请打开任务，在“冲突”中逐项选定或合写，并写明理由。</source>
        <translation>{0} conflict(s) to resolve: open the task and, under &quot;Conflicts&quot;, choose or merge each one and give a reason.</translation>
    </message>
    <message>
        <source>{0} 被拒绝：{1}</source>
        <translation>{0} refused: {1}</translation>
    </message>
    <message>
        <source>……另有 {0} 个文件被拒绝，原因见“查看原因”。</source>
        <translation>…and {0} more files were refused; see “Details” for why.</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>任务</source>
        <translation>Tasks</translation>
    </message>
    <message>
        <source>作者</source>
        <translation>Author</translation>
    </message>
    <message numerus="yes">
        <source>共 %n 个数据包</source>
        <translation>
            <numerusform>%n package</numerusform>
            <numerusform>%n packages</numerusform>
        </translation>
    </message>
    <message>
        <source>冲突</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>导入已取消：其余 {0} 个文件没有导入。</source>
        <translation>Import cancelled: the remaining {0} file(s) were not imported.</translation>
    </message>
    <message>
        <source>导入数据包</source>
        <translation>Import packages</translation>
    </message>
    <message>
        <source>导入数据包(&amp;I)…</source>
        <translation>&amp;Import packages…</translation>
    </message>
    <message>
        <source>导入时间</source>
        <translation>Imported at</translation>
    </message>
    <message>
        <source>已合并</source>
        <translation>Merged</translation>
    </message>
    <message>
        <source>已合并 {0} 个，已合并过 {1} 个，被拒绝 {2} 个。</source>
        <translation>Merged: {0}, already merged: {1}, refused: {2}.</translation>
    </message>
    <message>
        <source>已合并过</source>
        <translation>Already merged</translation>
    </message>
    <message>
        <source>打开任务(&amp;T)</source>
        <translation>Open &amp;task</translation>
    </message>
    <message>
        <source>数据包收件箱</source>
        <translation>Package inbox</translation>
    </message>
    <message>
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <source>新编辑</source>
        <translation>New edits</translation>
    </message>
    <message>
        <source>查看原因(&amp;D)…</source>
        <translation>&amp;Details…</translation>
    </message>
    <message>
        <source>校验数据包</source>
        <translation>Verify packages</translation>
    </message>
    <message>
        <source>核对时的数据包文件</source>
        <translation>The package file as it was checked</translation>
    </message>
    <message>
        <source>检查组成员导出的检查结果包在这里导入：每个文件先完整校验（签名、证书、每个文件的 SHA-256），确认后才合并。把 .scpkg 文件拖到本窗口也可以导入。</source>
        <translation>Results packages exported by team members are imported here: each file is fully verified first (signature, certificate, SHA-256 of every file) and merged only after you confirm. You can also drop .scpkg files on this window.</translation>
    </message>
    <message>
        <source>检查结果包 (*{0})</source>
        <translation>Results packages (*{0})</translation>
    </message>
    <message>
        <source>正在导入 {0}（{1}/{2}）</source>
        <translation>Importing {0} ({1}/{2})</translation>
    </message>
    <message>
        <source>正在校验 {0}（{1}/{2}）</source>
        <translation>Verifying {0} ({1}/{2})</translation>
    </message>
    <message>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>被拒绝</source>
        <translation>Refused</translation>
    </message>
    <message>
        <source>选择一个或多个 .scpkg 检查结果包；也可以把文件拖到这里</source>
        <translation>Choose one or more .scpkg results packages, or drop the files here</translation>
    </message>
</context>
<context>
    <name>InfoTab</name>
    <message>
        <source>{0}：</source>
        <translation>{0}:</translation>
    </message>
    <message>
        <source>与现场核对：与实际不符的，直接改为现场所见；原值会保留在记录中。</source>
        <translation>Check against what you see on site: where it differs, change it to what you see; the original value is kept in the record.</translation>
    </message>
    <message>
        <source>取得资质认定的情况</source>
        <translation>Accreditation</translation>
    </message>
    <message>
        <source>基本信息</source>
        <translation>Basic information</translation>
    </message>
    <message>
        <source>更正机构信息</source>
        <translation>Correct institution information</translation>
    </message>
    <message>
        <source>现场更正；原值：{0}</source>
        <translation>Corrected on site; original value: {0}</translation>
    </message>
    <message>
        <source>（空）</source>
        <translation>(empty)</translation>
    </message>
</context>
<context>
    <name>InspectorTableModel</name>
    <message>
        <source>专业领域</source>
        <translation>Expertise</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>层级</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>工作单位</source>
        <translation>Employer</translation>
    </message>
    <message>
        <source>所属部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>执法证号</source>
        <translation>Enforcement ID</translation>
    </message>
    <message>
        <source>负责区县</source>
        <translation>Districts</translation>
    </message>
</context>
<context>
    <name>InspectorsPage</name>
    <message>
        <source>专业领域</source>
        <translation>Expertise</translation>
    </message>
    <message>
        <source>人员列表</source>
        <translation>Inspector list</translation>
    </message>
    <message>
        <source>人员详情</source>
        <translation>Inspector details</translation>
    </message>
    <message>
        <source>全部部门</source>
        <translation>All departments</translation>
    </message>
    <message numerus="yes">
        <source>共 %n 人</source>
        <translation>
            <numerusform>%n person</numerusform>
            <numerusform>%n people</numerusform>
        </translation>
    </message>
    <message>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <source>回避机构</source>
        <translation>Recusals</translation>
    </message>
    <message>
        <source>在岗</source>
        <translation>On duty</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>导入(&amp;I)…</source>
        <translation>&amp;Import…</translation>
    </message>
    <message>
        <source>导出(&amp;E)…</source>
        <translation>&amp;Export…</translation>
    </message>
    <message>
        <source>层级</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>工作单位</source>
        <translation>Employer</translation>
    </message>
    <message>
        <source>所属部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>执法检查人员名录库</source>
        <translation>Inspector registry</translation>
    </message>
    <message>
        <source>执法证号</source>
        <translation>Enforcement ID</translation>
    </message>
    <message>
        <source>搜索</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>搜索姓名、单位或执法证号（Ctrl+F）</source>
        <translation>Search name, employer or enforcement ID (Ctrl+F)</translation>
    </message>
    <message>
        <source>无（不能单独执法）</source>
        <translation>None (cannot enforce alone)</translation>
    </message>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>负责区县</source>
        <translation>Districts</translation>
    </message>
</context>
<context>
    <name>InstitutionTableModel</name>
    <message>
        <source>区县</source>
        <translation>District</translation>
    </message>
    <message>
        <source>投诉</source>
        <translation>Complaint</translation>
    </message>
    <message>
        <source>有效日期</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <source>机构名称</source>
        <translation>Institution name</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation>Credit code</translation>
    </message>
    <message>
        <source>统计直报</source>
        <translation>Statistics report</translation>
    </message>
    <message>
        <source>能力验证</source>
        <translation>Proficiency testing</translation>
    </message>
    <message>
        <source>证书编号</source>
        <translation>Cert. no.</translation>
    </message>
    <message>
        <source>重点标记</source>
        <translation>Flags</translation>
    </message>
    <message>
        <source>风险</source>
        <translation>Risk</translation>
    </message>
</context>
<context>
    <name>InstitutionsPage</name>
    <message>
        <source>{0} {1}：{2} → {3}</source>
        <translation>{0} {1}: {2} → {3}</translation>
    </message>
    <message>
        <source>上级分配年度</source>
        <translation>Allocated by higher level (year)</translation>
    </message>
    <message>
        <source>任一重点标记</source>
        <translation>Any priority flag</translation>
    </message>
    <message>
        <source>信用风险分类</source>
        <translation>Credit risk class</translation>
    </message>
    <message>
        <source>全部区县</source>
        <translation>All districts</translation>
    </message>
    <message>
        <source>全部机构</source>
        <translation>All institutions</translation>
    </message>
    <message>
        <source>全部类别</source>
        <translation>All categories</translation>
    </message>
    <message>
        <source>全部风险分类</source>
        <translation>All risk classes</translation>
    </message>
    <message numerus="yes">
        <source>共 %n 个机构</source>
        <translation>
            <numerusform>%n institution</numerusform>
            <numerusform>%n institutions</numerusform>
        </translation>
    </message>
    <message>
        <source>区县</source>
        <translation>District</translation>
    </message>
    <message>
        <source>单位地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>发证机关</source>
        <translation>Issuing authority</translation>
    </message>
    <message>
        <source>变更记录</source>
        <translation>Change history</translation>
    </message>
    <message>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>导入(&amp;I)…</source>
        <translation>&amp;Import…</translation>
    </message>
    <message>
        <source>导出(&amp;E)…</source>
        <translation>&amp;Export…</translation>
    </message>
    <message>
        <source>所属区县</source>
        <translation>District</translation>
    </message>
    <message>
        <source>批准日期</source>
        <translation>Approval date</translation>
    </message>
    <message>
        <source>技术负责人</source>
        <translation>Technical director</translation>
    </message>
    <message>
        <source>授权签字人</source>
        <translation>Authorized signatories</translation>
    </message>
    <message>
        <source>搜索</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>搜索机构名称、统一社会信用代码或证书编号（Ctrl+F）</source>
        <translation>Search institution name, unified social credit code or certificate no. (Ctrl+F)</translation>
    </message>
    <message>
        <source>无</source>
        <translation>None</translation>
    </message>
    <message>
        <source>无故不参加能力验证</source>
        <translation>Skipped proficiency testing</translation>
    </message>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>显示 {0} 个，共 {1} 个机构</source>
        <translation>Showing {0} of {1} institutions</translation>
    </message>
    <message>
        <source>最高管理者</source>
        <translation>Top management</translation>
    </message>
    <message>
        <source>有效日期</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <source>未分类</source>
        <translation>Unclassified</translation>
    </message>
    <message>
        <source>未按时完成统计直报</source>
        <translation>Late statistics report</translation>
    </message>
    <message>
        <source>机构列表</source>
        <translation>Institution list</translation>
    </message>
    <message>
        <source>机构类别</source>
        <translation>Institution category</translation>
    </message>
    <message>
        <source>机构详情</source>
        <translation>Institution details</translation>
    </message>
    <message>
        <source>检查对象名录库</source>
        <translation>Inspection target registry</translation>
    </message>
    <message>
        <source>没有符合条件的机构。</source>
        <translation>No institution matches.</translation>
    </message>
    <message>
        <source>法定代表人</source>
        <translation>Legal representative</translation>
    </message>
    <message>
        <source>涉投诉举报</source>
        <translation>Complaints or reports</translation>
    </message>
    <message>
        <source>生态环境部门所属</source>
        <translation>Under the ecology and environment department</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <source>联系人</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>能力验证</source>
        <translation>Proficiency testing</translation>
    </message>
    <message>
        <source>被授权机构名称</source>
        <translation>Authorized institution name</translation>
    </message>
    <message>
        <source>证书编号</source>
        <translation>Certificate no.</translation>
    </message>
    <message>
        <source>重点抽查对象</source>
        <translation>Priority spot-check target</translation>
    </message>
    <message>
        <source>重点抽查标记</source>
        <translation>Priority flags</translation>
    </message>
    <message>
        <source>（{0}）</source>
        <translation>({0})</translation>
    </message>
</context>
<context>
    <name>ItemsTab</name>
    <message>
        <source>{0}. [{1}{2}] {3}</source>
        <translation>{0}. [{1}{2}] {3}</translation>
    </message>
    <message>
        <source>依据：</source>
        <translation>Basis: </translation>
    </message>
    <message>
        <source>在左侧事项列表中按 {0}</source>
        <translation>press {0} in the item list on the left</translation>
    </message>
    <message>
        <source>是否发现问题</source>
        <translation>Problem found?</translation>
    </message>
    <message>
        <source>本项证据照片（可把图片拖到这里）：</source>
        <translation>Evidence photos for this item (drop images here):</translation>
    </message>
    <message>
        <source>检查事项</source>
        <translation>Check items</translation>
    </message>
    <message>
        <source>检查方法及证明材料要求</source>
        <translation>Check method and required evidence</translation>
    </message>
    <message>
        <source>第 {0} 项&#x3000;{1}</source>
        <translation>Item {0}  {1}</translation>
    </message>
    <message>
        <source>第 {0} 项的问题描述</source>
        <translation>Problem description for item {0}</translation>
    </message>
    <message>
        <source>第 {0} 项：{1}</source>
        <translation>Item {0}: {1}</translation>
    </message>
    <message>
        <source>问题描述</source>
        <translation>Problem description</translation>
    </message>
    <message>
        <source>问题描述（发现问题时必填）：</source>
        <translation>Problem description (required when a problem is found):</translation>
    </message>
    <message>
        <source>（缺描述）</source>
        <translation> (no description)</translation>
    </message>
    <message>
        <source>；</source>
        <translation>; </translation>
    </message>
</context>
<context>
    <name>Job</name>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>正在取消…</source>
        <translation>Cancelling…</translation>
    </message>
</context>
<context>
    <name>KeysDialog</name>
    <message>
        <source>&lt;b&gt;本数据库的签名证书文件不见了&lt;/b&gt;（密钥文件还在）。请换一把新密钥。</source>
        <translation>&lt;b&gt;This database&apos;s signing certificate file is missing&lt;/b&gt; (the key file is still there). Please replace the key with a new one.</translation>
    </message>
    <message>
        <source>&lt;b&gt;本数据库还没有签名密钥。&lt;/b&gt;&lt;br&gt;有了签名密钥，才能给签署后的检查记录 PDF 加数字签名。创建时设定一个口令，每次签名都要输入它。创建后请导出证书交给组长登记。</source>
        <translation>&lt;b&gt;This database has no signing key yet.&lt;/b&gt;&lt;br&gt;A signing key is needed to add a digital signature to signed inspection record PDFs. You set a passphrase when creating it and enter it for every signature. After creating it, export the certificate and give it to the team leader to register.</translation>
    </message>
    <message>
        <source>{0} 至 {1}</source>
        <translation>{0} to {1}</translation>
    </message>
    <message>
        <source>{0}的签名证书.pem</source>
        <translation>{0} signing certificate.pem</translation>
    </message>
    <message>
        <source>{0}的证书指纹：{1}</source>
        <translation>{0}&apos;s certificate fingerprint: {1}</translation>
    </message>
    <message>
        <source>{0}的这张证书已经登记过，未作改动。</source>
        <translation>This certificate of {0} is already registered; nothing changed.</translation>
    </message>
    <message>
        <source>为新密钥设定口令。旧密钥停用后，它的证书仍登记在本数据库中，用它签过的文件仍可验证。</source>
        <translation>Set a passphrase for the new key. After the old key is retired its certificate stays registered in this database, so files signed with it can still be verified.</translation>
    </message>
    <message>
        <source>以后签名请用新口令。</source>
        <translation>Use the new passphrase for signing from now on.</translation>
    </message>
    <message>
        <source>修改口令</source>
        <translation>Change passphrase</translation>
    </message>
    <message>
        <source>修改口令(&amp;O)</source>
        <translation>Change passphrase (&amp;O)</translation>
    </message>
    <message>
        <source>修改口令(&amp;P)…</source>
        <translation>Change &amp;passphrase…</translation>
    </message>
    <message>
        <source>关闭(&amp;L)</source>
        <translation>C&amp;lose</translation>
    </message>
    <message>
        <source>创建密钥(&amp;O)</source>
        <translation>Create &amp;key</translation>
    </message>
    <message>
        <source>创建签名密钥</source>
        <translation>Create signing key</translation>
    </message>
    <message>
        <source>创建签名密钥(&amp;C)…</source>
        <translation>&amp;Create signing key…</translation>
    </message>
    <message>
        <source>原密钥停用，但它的证书仍登记在本数据库中：用它签过的记录和结果包仍可验证。新密钥有新的指纹，请在创建后导出证书，再交给组长登记。</source>
        <translation>The old key is retired, but its certificate stays registered in this database: records and results packages signed with it can still be verified. The new key has a new fingerprint: after creating it, export the certificate and give it to the team leader to register.</translation>
    </message>
    <message>
        <source>原密钥已停用，用它签过的文件仍可验证；原密钥文件已移到 {0}。</source>
        <translation>The old key is retired; files signed with it can still be verified. The old key file was moved to {0}.</translation>
    </message>
    <message>
        <source>取消(&amp;C)</source>
        <translation>&amp;Cancel</translation>
    </message>
    <message>
        <source>密钥文件不存在：无法签名。请换一把新密钥。</source>
        <translation>The key file does not exist: cannot sign. Please replace the key with a new one.</translation>
    </message>
    <message>
        <source>密钥文件：</source>
        <translation>Key file:</translation>
    </message>
    <message>
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>导出我的证书</source>
        <translation>Export my certificate</translation>
    </message>
    <message>
        <source>导出我的证书(&amp;E)…</source>
        <translation>&amp;Export my certificate…</translation>
    </message>
    <message>
        <source>已为{0}创建签名密钥。</source>
        <translation>Signing key created for {0}.</translation>
    </message>
    <message>
        <source>已为{0}登记证书。</source>
        <translation>Certificate registered for {0}.</translation>
    </message>
    <message>
        <source>已停用（{0}），只验证此前的签名</source>
        <translation>Retired ({0}); verifies earlier signatures only</translation>
    </message>
    <message>
        <source>已过期</source>
        <translation>Expired</translation>
    </message>
    <message>
        <source>忘记口令时无法再用原密钥签名，只能换一把新密钥。</source>
        <translation>If you forget the passphrase, the old key can no longer sign; the only way is a new key.</translation>
    </message>
    <message>
        <source>忘记口令：换一把新密钥</source>
        <translation>Forgotten passphrase: replace the key</translation>
    </message>
    <message>
        <source>忘记口令：换一把新密钥(&amp;R)…</source>
        <translation>Forgotten passphrase: &amp;replace the key…</translation>
    </message>
    <message>
        <source>指纹（SHA-256）：</source>
        <translation>Fingerprint (SHA-256):</translation>
    </message>
    <message>
        <source>指纹（前 8 组）</source>
        <translation>Fingerprint (first 8 groups)</translation>
    </message>
    <message>
        <source>换一把新密钥</source>
        <translation>Replace the key</translation>
    </message>
    <message>
        <source>换一把新密钥(&amp;N)…</source>
        <translation>Replace with a &amp;new key…</translation>
    </message>
    <message>
        <source>有效</source>
        <translation>Valid</translation>
    </message>
    <message>
        <source>有效期</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <source>有效期：</source>
        <translation>Valid:</translation>
    </message>
    <message>
        <source>本人</source>
        <translation>Me</translation>
    </message>
    <message>
        <source>本人当前使用</source>
        <translation>My current key</translation>
    </message>
    <message>
        <source>本人的签名密钥</source>
        <translation>My signing key</translation>
    </message>
    <message>
        <source>本数据库登记的证书（用于验证签名）</source>
        <translation>Certificates registered in this database (for verifying signatures)</translation>
    </message>
    <message>
        <source>本机创建</source>
        <translation>Created on this computer</translation>
    </message>
    <message>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>检查人员</source>
        <translation>Inspector</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>登记他人证书</source>
        <translation>Register someone&apos;s certificate</translation>
    </message>
    <message>
        <source>登记他人证书(&amp;I)…</source>
        <translation>Reg&amp;ister someone&apos;s certificate…</translation>
    </message>
    <message>
        <source>签名人：</source>
        <translation>Signer:</translation>
    </message>
    <message>
        <source>签名密钥</source>
        <translation>Signing key</translation>
    </message>
    <message>
        <source>签名密钥不变（证书和指纹都不变），只是改用新口令加密。</source>
        <translation>The signing key stays the same (same certificate and fingerprint); it is only encrypted with the new passphrase.</translation>
    </message>
    <message>
        <source>签名密钥保存在数据库旁边的文件里，用口令加密。每次加数字签名都要输入这个口令。</source>
        <translation>The signing key is kept in a file beside the database, encrypted with a passphrase. You enter the passphrase for every digital signature.</translation>
    </message>
    <message>
        <source>签名密钥和证书</source>
        <translation>Signing keys and certificates</translation>
    </message>
    <message>
        <source>签名密钥的口令已修改。</source>
        <translation>The signing key&apos;s passphrase was changed.</translation>
    </message>
    <message>
        <source>组长登记组员导出的证书；登记前后请与本人电话核对指纹。</source>
        <translation>The team leader registers the certificates team members export; check the fingerprint with the person by phone before or after registering.</translation>
    </message>
    <message>
        <source>证书主题：</source>
        <translation>Certificate subject:</translation>
    </message>
    <message>
        <source>证书已导出到 {0}（只含公开部分，不含密钥）。</source>
        <translation>Certificate exported to {0} (public part only, no key).</translation>
    </message>
    <message>
        <source>证书文件 (*.pem *.crt *.cer);;所有文件 (*)</source>
        <translation>Certificate files (*.pem *.crt *.cer);;All files (*)</translation>
    </message>
    <message>
        <source>证书文件 (*.pem)</source>
        <translation>Certificate files (*.pem)</translation>
    </message>
    <message>
        <source>请先设置本数据库的使用人（菜单“文件 › 使用人和角色”）：证书上要写明签名人是谁。</source>
        <translation>First set who uses this database (menu &quot;File › User and role&quot;): the certificate must say who the signer is.</translation>
    </message>
    <message>
        <source>请打电话给{0}，请其在自己的软件中打开“文件 › 签名密钥和证书”读出指纹，逐组核对。</source>
        <translation>Phone {0} and ask them to open &quot;File › Signing keys and certificates&quot; in their software and read out the fingerprint; compare it group by group.</translation>
    </message>
    <message>
        <source>请把文件交给组长登记，并通过电话等另一渠道与组长逐组核对这个指纹。</source>
        <translation>Give the file to the team leader to register, and compare this fingerprint with the team leader group by group over another channel, such as the phone.</translation>
    </message>
    <message>
        <source>请牢记口令：忘记口令只能换一把新密钥。下一步：“导出我的证书”，交给组长登记。</source>
        <translation>Remember the passphrase: if you forget it, the only way is a new key. Next: &quot;Export my certificate&quot; and give it to the team leader to register.</translation>
    </message>
    <message>
        <source>还没有登记任何证书。检查人员的证书登记后，他们签署的记录在本数据库中才能验证为可信。</source>
        <translation>No certificates registered yet. Records signed by inspectors verify as trusted in this database only once their certificates are registered.</translation>
    </message>
    <message>
        <source>这张证书没有在本数据库中登记，它签署的文件在这里无法验证。</source>
        <translation>This certificate is not registered in this database; files it signed cannot be verified here.</translation>
    </message>
    <message>
        <source>选中一行可在此看到完整指纹。</source>
        <translation>Select a row to see the full fingerprint here.</translation>
    </message>
    <message>
        <source>选择要登记的证书</source>
        <translation>Choose the certificate to register</translation>
    </message>
    <message>
        <source>（证书上的签名人未在本数据库登记）</source>
        <translation>(the signer on the certificate is not registered in this database)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <source>Ctrl+I</source>
        <translation>Ctrl+I</translation>
    </message>
    <message>
        <source>Ctrl+Q</source>
        <translation>Ctrl+Q</translation>
    </message>
    <message>
        <source>Ctrl+Shift+E</source>
        <translation>Ctrl+Shift+E</translation>
    </message>
    <message>
        <source>Ctrl+Shift+I</source>
        <translation>Ctrl+Shift+I</translation>
    </message>
    <message>
        <source>{0} {1}
检验检测机构“双随机、一公开”监督抽查：名录库、随机抽取、离线现场检查记录。
数据库：{2}</source>
        <translation>{0} {1}
&quot;Double random, one public&quot; spot checks of inspection and testing institutions: registries, random draws, offline on-site inspection records.
Database: {2}</translation>
    </message>
    <message>
        <source>{0} · {1}</source>
        <translation>{0} · {1}</translation>
    </message>
    <message>
        <source>人员库</source>
        <translation>Inspectors</translation>
    </message>
    <message>
        <source>使用人和角色(&amp;U)…</source>
        <translation>&amp;User and role…</translation>
    </message>
    <message>
        <source>关于</source>
        <translation>About</translation>
    </message>
    <message>
        <source>关于(&amp;A)</source>
        <translation>&amp;About</translation>
    </message>
    <message>
        <source>导入人员库…</source>
        <translation>Import inspectors…</translation>
    </message>
    <message>
        <source>导入数据包(&amp;P)…</source>
        <translation>Import &amp;packages…</translation>
    </message>
    <message>
        <source>导入机构库(&amp;I)…</source>
        <translation>&amp;Import institutions…</translation>
    </message>
    <message>
        <source>导出人员库…</source>
        <translation>Export inspectors…</translation>
    </message>
    <message>
        <source>导出机构库(&amp;E)…</source>
        <translation>&amp;Export institutions…</translation>
    </message>
    <message>
        <source>导航</source>
        <translation>Navigation</translation>
    </message>
    <message>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>抽查计划</source>
        <translation>Spot-check plans</translation>
    </message>
    <message>
        <source>数据包</source>
        <translation>Packages</translation>
    </message>
    <message>
        <source>数据库 {0} 检查出错误（{1}）。请不要继续录入，关闭软件后用备份恢复。没有作任何改动。</source>
        <translation>The database {0} has errors ({1}). Stop entering data, close the program and restore from a backup. Nothing was changed.</translation>
    </message>
    <message>
        <source>数据库已损坏</source>
        <translation>Database damaged</translation>
    </message>
    <message>
        <source>数据库：{0}</source>
        <translation>Database: {0}</translation>
    </message>
    <message>
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>暂时无法检查数据库</source>
        <translation>Cannot check the database right now</translation>
    </message>
    <message>
        <source>未设置使用人 — 点此设置</source>
        <translation>No user set — click to set</translation>
    </message>
    <message>
        <source>机构库</source>
        <translation>Institutions</translation>
    </message>
    <message>
        <source>检查事项清单</source>
        <translation>Checklist</translation>
    </message>
    <message>
        <source>检查人员</source>
        <translation>Inspector</translation>
    </message>
    <message>
        <source>检查任务</source>
        <translation>Inspection tasks</translation>
    </message>
    <message>
        <source>检验检测机构监督抽查</source>
        <translation>Spot Checks of Inspection and Testing Institutions</translation>
    </message>
    <message>
        <source>汇总与公示</source>
        <translation>Summary</translation>
    </message>
    <message>
        <source>签名密钥和证书(&amp;K)…</source>
        <translation>Signing &amp;keys and certificates…</translation>
    </message>
    <message>
        <source>组长 / 认证科</source>
        <translation>Team leader / accreditation section</translation>
    </message>
    <message>
        <source>视图(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>设置(&amp;S)…</source>
        <translation>&amp;Settings…</translation>
    </message>
    <message>
        <source>设置使用人和角色</source>
        <translation>Set user and role</translation>
    </message>
    <message>
        <source>退出(&amp;Q)</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>验证已签署的记录 PDF(&amp;V)…</source>
        <translation>&amp;Verify a signed record PDF…</translation>
    </message>
</context>
<context>
    <name>NewTaskDialog</name>
    <message>
        <source>{0}（{1}，{2}）</source>
        <translation>{0} ({1}, {2})</translation>
    </message>
    <message>
        <source>{0}：{1}，检查组 {2}（组长 {3}），计划日期 {4}</source>
        <translation>{0}: {1}, team {2} (leader {3}), planned date {4}</translation>
    </message>
    <message>
        <source>仍然新建(&amp;C)</source>
        <translation>&amp;Create anyway</translation>
    </message>
    <message>
        <source>创建</source>
        <translation>Create</translation>
    </message>
    <message>
        <source>新建检查任务</source>
        <translation>New inspection task</translation>
    </message>
    <message>
        <source>未定</source>
        <translation>not set</translation>
    </message>
    <message>
        <source>检查组(&amp;T)：</source>
        <translation>&amp;Team:</translation>
    </message>
    <message>
        <source>组长(&amp;L)：</source>
        <translation>&amp;Leader:</translation>
    </message>
    <message>
        <source>被检查机构(&amp;I)：</source>
        <translation>&amp;Institution:</translation>
    </message>
    <message>
        <source>计划日期(&amp;D)：</source>
        <translation>Planned &amp;date:</translation>
    </message>
    <message>
        <source>该机构已有 {0} 项未办结的检查任务：
{1}

仍要再新建一项吗？</source>
        <translation>This institution already has {0} open inspection task(s):
{1}

Create another one anyway?</translation>
    </message>
    <message>
        <source>输入机构名称或统一社会信用代码</source>
        <translation>Type the institution&apos;s name or unified social credit code</translation>
    </message>
    <message>
        <source>返回修改(&amp;B)</source>
        <translation>&amp;Back to edit</translation>
    </message>
    <message>
        <source>重复的检查任务</source>
        <translation>Duplicate inspection task</translation>
    </message>
</context>
<context>
    <name>NoticeExport</name>
    <message>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>Word 文档 (*.docx)</source>
        <translation>Word document (*.docx)</translation>
    </message>
    <message>
        <source>检查通知书</source>
        <translation>Notice of inspection</translation>
    </message>
    <message>
        <source>检查通知书 {0} 已导出：{1}</source>
        <translation>Notice of inspection {0} exported: {1}</translation>
    </message>
    <message>
        <source>这是首次发出，已编号；以后再导出仍是这个编号。</source>
        <translation>This is the first issue and it has been numbered; later exports keep this number.</translation>
    </message>
    <message>
        <source>送达后请在“现场情况”中记录告知时间和告知方式。</source>
        <translation>After delivery, record when and how it was given under &quot;Visit&quot;.</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <source>两次输入的新口令不一致，请再输一次。</source>
        <translation>The two new passphrases differ; enter them again.</translation>
    </message>
    <message>
        <source>再输一次(&amp;A)：</source>
        <translation>&amp;Again:</translation>
    </message>
    <message>
        <source>取消(&amp;C)</source>
        <translation>&amp;Cancel</translation>
    </message>
    <message>
        <source>口令至少 {0} 个字符，可以用中文、空格和符号；一句只有自己知道的话比一个短单词安全。请记住它：忘记口令只能换一把新密钥。</source>
        <translation>At least {0} characters; Chinese, spaces and symbols are allowed. A sentence only you know is safer than a short word. Remember it: if you forget it, the only way is a new key.</translation>
    </message>
    <message>
        <source>新口令(&amp;N)：</source>
        <translation>&amp;New passphrase:</translation>
    </message>
    <message>
        <source>新口令太短：至少要 {0} 个字符，现在是 {1} 个。</source>
        <translation>The new passphrase is too short: at least {0} characters, it has {1}.</translation>
    </message>
    <message>
        <source>现在的口令(&amp;U)：</source>
        <translation>C&amp;urrent passphrase:</translation>
    </message>
    <message>
        <source>请输入现在的口令。</source>
        <translation>Enter the current passphrase.</translation>
    </message>
</context>
<context>
    <name>PhotoStrip</name>
    <message>
        <source>保存照片</source>
        <translation>Save photo</translation>
    </message>
    <message>
        <source>保存照片 {0}</source>
        <translation>Save photo {0}</translation>
    </message>
    <message>
        <source>修改照片说明</source>
        <translation>Edit photo caption</translation>
    </message>
    <message>
        <source>删除所选照片（可撤销）</source>
        <translation>Delete the selected photo (can be undone)</translation>
    </message>
    <message>
        <source>删除照片</source>
        <translation>Delete photo</translation>
    </message>
    <message>
        <source>双击或按 Enter 查看大图；F2 修改照片说明</source>
        <translation>Double-click or press Enter to view large; F2 edits the caption</translation>
    </message>
    <message>
        <source>图片 (*.jpg *.jpeg *.png *.webp *.bmp *.tif *.tiff)</source>
        <translation>Images (*.jpg *.jpeg *.png *.webp *.bmp *.tif *.tiff)</translation>
    </message>
    <message>
        <source>查看大图(&amp;K)</source>
        <translation>View lar&amp;ge</translation>
    </message>
    <message>
        <source>没有照片。</source>
        <translation>No photos.</translation>
    </message>
    <message>
        <source>添加照片(&amp;A)…</source>
        <translation>&amp;Add photos…</translation>
    </message>
    <message>
        <source>第 {0} 项的证据</source>
        <translation>Evidence for item {0}</translation>
    </message>
    <message>
        <source>证据照片</source>
        <translation>Evidence photos</translation>
    </message>
    <message>
        <source>还没有照片。把图片拖到这里，或点击“添加照片”（Alt+A）。</source>
        <translation>No photos yet. Drop pictures here, or click &quot;Add photos&quot; (Alt+A).</translation>
    </message>
    <message>
        <source>选择照片</source>
        <translation>Choose photos</translation>
    </message>
</context>
<context>
    <name>PhotoViewer</name>
    <message>
        <source>Esc</source>
        <translation>Esc</translation>
    </message>
    <message>
        <source>{0} / {1}</source>
        <translation>{0} / {1}</translation>
    </message>
    <message>
        <source>‹ 上一张</source>
        <translation>‹ Previous</translation>
    </message>
    <message>
        <source>← 或 PgUp；Home 第一张</source>
        <translation>← or PgUp; Home: first</translation>
    </message>
    <message>
        <source>→ 或 PgDn；End 最后一张</source>
        <translation>→ or PgDn; End: last</translation>
    </message>
    <message>
        <source>下一张 ›</source>
        <translation>Next ›</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>拍摄于 {0}</source>
        <translation>taken {0}</translation>
    </message>
    <message>
        <source>无法显示这张照片。{0}</source>
        <translation>This photo cannot be shown. {0}</translation>
    </message>
    <message>
        <source>查看照片</source>
        <translation>Photos</translation>
    </message>
    <message>
        <source>没有照片。</source>
        <translation>No photos.</translation>
    </message>
    <message>
        <source>照片</source>
        <translation>Photo</translation>
    </message>
    <message>
        <source>第 {0} 项的证据</source>
        <translation>evidence for item {0}</translation>
    </message>
    <message>
        <source>（无说明）</source>
        <translation>(no caption)</translation>
    </message>
</context>
<context>
    <name>PlanDialog</name>
    <message>
        <source>{0}类</source>
        <translation>Class {0}</translation>
    </message>
    <message>
        <source>{0}类：{1}</source>
        <translation>Class {0}: {1}</translation>
    </message>
    <message>
        <source>{0}（机构库中范围内 {1} 家，按比例应抽约此数；抽查数量以上面所填为准）</source>
        <translation>{0} ({1} institutions in scope in the registry; the rate gives about this many; the number entered above decides)</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>不勾选：不限区县</source>
        <translation>None checked: all districts</translation>
    </message>
    <message>
        <source>不勾选：全部由组织层级的人员组成</source>
        <translation>Unchecked: all from the organizing level</translation>
    </message>
    <message>
        <source>不抽</source>
        <translation>None</translation>
    </message>
    <message>
        <source>保存(&amp;S)</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <source>信用风险分层(&amp;K)：</source>
        <translation>Credit ris&amp;k strata:</translation>
    </message>
    <message>
        <source>修改抽查计划</source>
        <translation>Edit spot-check plan</translation>
    </message>
    <message>
        <source>全部留空：不分层（差异化监管时填各类比例）</source>
        <translation>All blank: no strata (fill in a rate per class for differentiated supervision)</translation>
    </message>
    <message>
        <source>勾选计划范围内的区县；都不勾选即全部机构（空格键勾选）</source>
        <translation>Check the districts in the plan&apos;s scope; none checked means all institutions (Space to check)</translation>
    </message>
    <message>
        <source>区县(&amp;D)：</source>
        <translation>&amp;Districts:</translation>
    </message>
    <message>
        <source>协助人员(&amp;A)：</source>
        <translation>&amp;Assisting staff:</translation>
    </message>
    <message>
        <source>协助人员区县(&amp;W)：</source>
        <translation>Assisting staff districts (&amp;W):</translation>
    </message>
    <message>
        <source>协助人员来自(&amp;H)：</source>
        <translation>Assisting staff fro&amp;m:</translation>
    </message>
    <message>
        <source>发文机关(&amp;O)：</source>
        <translation>Issuing &amp;organ:</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>含组长，至少 2 名</source>
        <translation>Including the leader, at least 2</translation>
    </message>
    <message>
        <source>如 4% 或 0.04</source>
        <translation>e.g. 4% or 0.04</translation>
    </message>
    <message>
        <source>如：2025年度检验检测机构“双随机、一公开”监督抽查</source>
        <translation>e.g. 2025 &quot;double random, one public&quot; spot check of inspection and testing institutions</translation>
    </message>
    <message>
        <source>如：同市监认证〔2025〕92号</source>
        <translation>e.g. 同市监认证〔2025〕92号</translation>
    </message>
    <message>
        <source>年度(&amp;Y)：</source>
        <translation>&amp;Year:</translation>
    </message>
    <message>
        <source>总结上报截止(&amp;U)：</source>
        <translation>S&amp;ummary due:</translation>
    </message>
    <message>
        <source>抽查数量(&amp;Q)：</source>
        <translation>&amp;Quantity:</translation>
    </message>
    <message>
        <source>抽查比例(&amp;R)：</source>
        <translation>&amp;Rate:</translation>
    </message>
    <message>
        <source>按需添加，不计为执法人员</source>
        <translation>Add as needed; not counted as enforcement officers</translation>
    </message>
    <message>
        <source>新建抽查计划</source>
        <translation>New spot-check plan</translation>
    </message>
    <message>
        <source>未填抽查比例</source>
        <translation>No rate filled in</translation>
    </message>
    <message>
        <source>未填的领域不抽取</source>
        <translation>Fields left blank are not drawn</translation>
    </message>
    <message>
        <source>标题(&amp;T)：</source>
        <translation>&amp;Title:</translation>
    </message>
    <message>
        <source>核对用，不折算为数量</source>
        <translation>For checking only, not converted to a count</translation>
    </message>
    <message>
        <source>检查组(&amp;4)</source>
        <translation>&amp;4 Inspection teams</translation>
    </message>
    <message>
        <source>此计划已公告抽取，设置不能再改：公告已按当时的设置冻结。如需按新设置抽取，请新建计划。</source>
        <translation>This plan&apos;s draw has been announced, so its settings can no longer change: the announcement froze them as they were. To draw with new settings, create a new plan.</translation>
    </message>
    <message>
        <source>每组专家(&amp;E)：</source>
        <translation>&amp;Experts per team:</translation>
    </message>
    <message>
        <source>每组市场监管执法人员(&amp;M)：</source>
        <translation>&amp;Market regulation officers per team:</translation>
    </message>
    <message>
        <source>每行一个，组织单位在前</source>
        <translation>One per line, organizing unit first</translation>
    </message>
    <message>
        <source>比例核对：</source>
        <translation>Rate check:</translation>
    </message>
    <message>
        <source>现场检查开始(&amp;F)：</source>
        <translation>On-site inspections &amp;from:</translation>
    </message>
    <message>
        <source>现场检查截止(&amp;B)：</source>
        <translation>On-site inspections &amp;by:</translation>
    </message>
    <message>
        <source>由下级派人协助</source>
        <translation>Lower level sends assisting staff</translation>
    </message>
    <message>
        <source>组织层级(&amp;L)：</source>
        <translation>Organizing &amp;level:</translation>
    </message>
    <message>
        <source>组织层级的下一级（默认）</source>
        <translation>The level below the organizing level (default)</translation>
    </message>
    <message>
        <source>自查截止(&amp;S)：</source>
        <translation>&amp;Self-check due:</translation>
    </message>
    <message>
        <source>范围(&amp;2)</source>
        <translation>&amp;2 Scope</translation>
    </message>
    <message>
        <source>计划与数量(&amp;1)</source>
        <translation>&amp;1 Plan and quantities</translation>
    </message>
    <message>
        <source>通知与期限(&amp;3)</source>
        <translation>&amp;3 Notice and deadlines</translation>
    </message>
    <message>
        <source>通知文号(&amp;N)：</source>
        <translation>&amp;Notice number:</translation>
    </message>
    <message>
        <source>重点抽查对象(&amp;P)：</source>
        <translation>&amp;Priority targets:</translation>
    </message>
    <message>
        <source>须服务被检查机构所在区县</source>
        <translation>Must serve the inspected institution&apos;s district</translation>
    </message>
</context>
<context>
    <name>PlansPage</name>
    <message>
        <source> · </source>
        <translation> · </translation>
    </message>
    <message>
        <source>{0} {1}</source>
        <translation>{0} {1}</translation>
    </message>
    <message>
        <source>{0} {1} 名</source>
        <translation>{1} for {0}</translation>
    </message>
    <message>
        <source>{0} {1} 家</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <source>{0} 至 {1}</source>
        <translation>{0} to {1}</translation>
    </message>
    <message>
        <source>{0}%（核对用，不折算为数量）</source>
        <translation>{0}% (for checking only, not converted to a count)</translation>
    </message>
    <message>
        <source>{0}类 {1}%</source>
        <translation>Class {0} {1}%</translation>
    </message>
    <message>
        <source>{0}：已公告，待随机数</source>
        <translation>{0}: announced, awaiting random numbers</translation>
    </message>
    <message>
        <source>{0}：已抽取</source>
        <translation>{0}: drawn</translation>
    </message>
    <message>
        <source>{0}：未公告</source>
        <translation>{0}: not announced</translation>
    </message>
    <message>
        <source>不分层</source>
        <translation>No strata</translation>
    </message>
    <message>
        <source>不列入</source>
        <translation>Left out</translation>
    </message>
    <message>
        <source>仍列入</source>
        <translation>Kept</translation>
    </message>
    <message>
        <source>任务</source>
        <translation>Tasks</translation>
    </message>
    <message>
        <source>任务状态</source>
        <translation>Task status</translation>
    </message>
    <message>
        <source>任务进度</source>
        <translation>Task progress</translation>
    </message>
    <message>
        <source>信用风险分层</source>
        <translation>Credit risk strata</translation>
    </message>
    <message>
        <source>全部机构</source>
        <translation>All institutions</translation>
    </message>
    <message>
        <source>公告 SHA-256</source>
        <translation>Announcement SHA-256</translation>
    </message>
    <message>
        <source>公告时间</source>
        <translation>Announced at</translation>
    </message>
    <message numerus="yes">
        <source>共 %n 个抽查计划</source>
        <translation>
            <numerusform>%n spot-check plan</numerusform>
            <numerusform>%n spot-check plans</numerusform>
        </translation>
    </message>
    <message>
        <source>区县</source>
        <translation>District</translation>
    </message>
    <message>
        <source>发文机关</source>
        <translation>Issuing organ</translation>
    </message>
    <message>
        <source>合计（已完成 {0}）</source>
        <translation>Total ({0} done)</translation>
    </message>
    <message>
        <source>处理</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>已公告，待随机数</source>
        <translation>Announced, awaiting random numbers</translation>
    </message>
    <message>
        <source>已完成 {0} / {1}</source>
        <translation>{0} / {1} done</translation>
    </message>
    <message>
        <source>已抽取</source>
        <translation>Drawn</translation>
    </message>
    <message>
        <source>已被重新抽取取代（理由：{0}）</source>
        <translation>Superseded by a redraw (reason: {0})</translation>
    </message>
    <message>
        <source>年度</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>总结上报截止</source>
        <translation>Summary due</translation>
    </message>
    <message>
        <source>抽取</source>
        <translation>Draw</translation>
    </message>
    <message>
        <source>抽取时间</source>
        <translation>Drawn at</translation>
    </message>
    <message>
        <source>抽取记录</source>
        <translation>Draw records</translation>
    </message>
    <message>
        <source>抽查数量</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <source>抽查比例</source>
        <translation>Rate</translation>
    </message>
    <message>
        <source>抽查计划</source>
        <translation>Spot-check plans</translation>
    </message>
    <message>
        <source>排除与列入</source>
        <translation>Exclusions and inclusions</translation>
    </message>
    <message>
        <source>排除或列入机构(&amp;X)…</source>
        <translation>E&amp;xclusions…</translation>
    </message>
    <message>
        <source>数量</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <source>新建计划(&amp;N)…</source>
        <translation>&amp;New plan…</translation>
    </message>
    <message>
        <source>无</source>
        <translation>None</translation>
    </message>
    <message>
        <source>无下级</source>
        <translation>No lower level</translation>
    </message>
    <message>
        <source>未填</source>
        <translation>Not filled in</translation>
    </message>
    <message>
        <source>未填比例</source>
        <translation>No rate</translation>
    </message>
    <message>
        <source>未定</source>
        <translation>Not set</translation>
    </message>
    <message>
        <source>机构</source>
        <translation>Institutions</translation>
    </message>
    <message>
        <source>机构抽取(&amp;D)…</source>
        <translation>&amp;Draw institutions…</translation>
    </message>
    <message>
        <source>查看计划设置(&amp;E)…</source>
        <translation>Vi&amp;ew settings…</translation>
    </message>
    <message>
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>检查人员</source>
        <translation>Inspectors</translation>
    </message>
    <message>
        <source>检查人员抽取(&amp;I)…</source>
        <translation>Draw &amp;inspectors…</translation>
    </message>
    <message>
        <source>检查组</source>
        <translation>Inspection teams</translation>
    </message>
    <message>
        <source>此计划已公告抽取：设置和排除名单已按公告冻结，不能再改（计划设置只能查看）。</source>
        <translation>This plan&apos;s draw has been announced: the settings and exclusion list are frozen as announced and cannot change (the plan settings can only be viewed).</translation>
    </message>
    <message>
        <source>每组市场监管执法人员 {0} 名（含组长）；协助人员：{1}；专家：{2}</source>
        <translation>{0} market regulation officer(s) per team (including the leader); assisting staff: {1}; experts: {2}</translation>
    </message>
    <message>
        <source>比例核对</source>
        <translation>Rate check</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>现场检查</source>
        <translation>On-site inspection</translation>
    </message>
    <message>
        <source>理由</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>组织层级</source>
        <translation>Organizing level</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <source>自查截止</source>
        <translation>Self-check due</translation>
    </message>
    <message>
        <source>计划ID</source>
        <translation>Plan ID</translation>
    </message>
    <message>
        <source>计划设置(&amp;E)…</source>
        <translation>Plan s&amp;ettings…</translation>
    </message>
    <message>
        <source>设置</source>
        <translation>Setting</translation>
    </message>
    <message>
        <source>通知文号</source>
        <translation>Notice number</translation>
    </message>
    <message>
        <source>重点抽查对象</source>
        <translation>Priority spot-check target</translation>
    </message>
    <message>
        <source>随机数</source>
        <translation>Random numbers</translation>
    </message>
    <message>
        <source>随机数来源</source>
        <translation>Random number source</translation>
    </message>
    <message>
        <source>项目</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>（无标题）</source>
        <translation>(untitled)</translation>
    </message>
    <message>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <source>；重新抽取，理由：{0}</source>
        <translation>; redrawn, reason: {0}</translation>
    </message>
</context>
<context>
    <name>ProblemsDialog</name>
    <message>
        <source>复制全部(&amp;C)</source>
        <translation>&amp;Copy all</translation>
    </message>
</context>
<context>
    <name>ProblemsModel</name>
    <message>
        <source>内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <source>列</source>
        <translation>Column</translation>
    </message>
    <message>
        <source>工作表</source>
        <translation>Sheet</translation>
    </message>
    <message>
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <source>行</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>要求 / 说明</source>
        <translation>Expected / note</translation>
    </message>
</context>
<context>
    <name>ProfileDialog</name>
    <message>
        <source>{0}（{1}，{2}）</source>
        <translation>{0} ({1}, {2})</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>人员库是空的：请先导入执法检查人员名录库。</source>
        <translation>The inspector registry is empty: import the inspector registry first.</translation>
    </message>
    <message>
        <source>使用人(&amp;P)：</source>
        <translation>&amp;User:</translation>
    </message>
    <message>
        <source>使用人和角色</source>
        <translation>User and role</translation>
    </message>
    <message>
        <source>例如：同市监检告（编号为 同市监检告〔2025〕第 1 号）</source>
        <translation>e.g. 同市监检告 (numbered 同市监检告〔2025〕第 1 号)</translation>
    </message>
    <message>
        <source>例如：同市监检记（编号为 同市监检记〔2025〕第 12 号）</source>
        <translation>e.g. 同市监检记 (numbered 同市监检记〔2025〕第 12 号)</translation>
    </message>
    <message>
        <source>例如：同市监检通（编号为 同市监检通〔2025〕第 3 号）</source>
        <translation>e.g. 同市监检通 (numbered 同市监检通〔2025〕第 3 号)</translation>
    </message>
    <message>
        <source>例如：同市监认证〔2025〕92号</source>
        <translation>e.g. 同市监认证〔2025〕92号</translation>
    </message>
    <message>
        <source>例如：大同市市场监督管理局</source>
        <translation>e.g. 大同市市场监督管理局 (Datong Administration for Market Regulation)</translation>
    </message>
    <message>
        <source>例如：大同市市场监管局</source>
        <translation>e.g. 大同市市场监管局</translation>
    </message>
    <message>
        <source>多个用顿号分隔，例如：大同市公安局</source>
        <translation>Separate several with 、, e.g. 大同市公安局</translation>
    </message>
    <message>
        <source>年度抽查计划文件：</source>
        <translation>Annual spot-check plan document:</translation>
    </message>
    <message>
        <source>文书编号前缀(&amp;X)：</source>
        <translation>Document number prefi&amp;x:</translation>
    </message>
    <message>
        <source>未保存</source>
        <translation>Not saved</translation>
    </message>
    <message>
        <source>本数据库属于一名检查人员：其签名密钥、检查记录和结果包都以此人的名义。</source>
        <translation>This database belongs to one inspector: the signing key, inspection records and results packages are all in this person&apos;s name.</translation>
    </message>
    <message>
        <source>机关名称(&amp;O)：</source>
        <translation>&amp;Organ name:</translation>
    </message>
    <message>
        <source>检查人员：在现场记录检查</source>
        <translation>Inspector: records inspections on site</translation>
    </message>
    <message>
        <source>检查依据：</source>
        <translation>Legal basis:</translation>
    </message>
    <message>
        <source>检查机关（印在每份现场检查记录上）</source>
        <translation>Inspecting authority (printed on every on-site inspection record)</translation>
    </message>
    <message>
        <source>检查通知书编号前缀(&amp;T)：</source>
        <translation>Prefix for notices of inspec&amp;tion:</translation>
    </message>
    <message>
        <source>留空：《行政处罚法》《检验检测机构资质认定管理办法》《检验检测机构监督管理办法》</source>
        <translation>Leave blank for: 《行政处罚法》《检验检测机构资质认定管理办法》《检验检测机构监督管理办法》</translation>
    </message>
    <message>
        <source>简称：</source>
        <translation>Short name:</translation>
    </message>
    <message>
        <source>组长 / 认证科：管理名录库、抽取、汇总</source>
        <translation>Team leader / accreditation section: manages the registries, draws and summaries</translation>
    </message>
    <message>
        <source>结果告知书编号前缀(&amp;U)：</source>
        <translation>Prefix for notices of res&amp;ults:</translation>
    </message>
    <message>
        <source>联合检查机关：</source>
        <translation>Joint inspecting authorities:</translation>
    </message>
    <message>
        <source>角色：</source>
        <translation>Role:</translation>
    </message>
</context>
<context>
    <name>ReferralDialog</name>
    <message>
        <source>依据的检查项目</source>
        <translation>Check items it rests on</translation>
    </message>
    <message>
        <source>如：大同市公安局交通警察支队</source>
        <translation>e.g. 大同市公安局交通警察支队</translation>
    </message>
    <message>
        <source>接收部门</source>
        <translation>Receiving department</translation>
    </message>
    <message>
        <source>移交</source>
        <translation>Refer</translation>
    </message>
    <message>
        <source>移交日期</source>
        <translation>Referral date</translation>
    </message>
    <message>
        <source>移交给(&amp;T)</source>
        <translation>Refer &amp;to</translation>
    </message>
    <message>
        <source>移交问题线索</source>
        <translation>Refer leads</translation>
    </message>
    <message>
        <source>移送函文号</source>
        <translation>Transfer letter number</translation>
    </message>
    <message>
        <source>问题线索(&amp;X)</source>
        <translation>Lead&amp;s</translation>
    </message>
</context>
<context>
    <name>RegistryIO</name>
    <message>
        <source>{0} 行未导入，连同原因另存为：{1}</source>
        <translation>{0} row(s) not imported; saved with the reasons as: {1}</translation>
    </message>
    <message>
        <source>{0}：共 {1} 行，新增 {2}，更新 {3}，未变 {4}。</source>
        <translation>{0}: {1} rows, {2} new, {3} updated, {4} unchanged.</translation>
    </message>
    <message>
        <source>人员库</source>
        <translation>Inspectors</translation>
    </message>
    <message>
        <source>另有 {0} 条提醒或说明。</source>
        <translation>{0} more warning(s) or note(s).</translation>
    </message>
    <message>
        <source>导入人员库</source>
        <translation>Import inspectors</translation>
    </message>
    <message>
        <source>导入已取消，数据库没有任何改动。</source>
        <translation>Import cancelled; the database was not changed.</translation>
    </message>
    <message>
        <source>导入机构库</source>
        <translation>Import institutions</translation>
    </message>
    <message>
        <source>导出人员库</source>
        <translation>Export inspectors</translation>
    </message>
    <message>
        <source>导出已取消，没有写入文件。</source>
        <translation>Export cancelled; no file written.</translation>
    </message>
    <message>
        <source>导出机构库</source>
        <translation>Export institutions</translation>
    </message>
    <message>
        <source>已导出 {0} 条到 {1}</source>
        <translation>Exported {0} entries to {1}</translation>
    </message>
    <message>
        <source>机构库</source>
        <translation>Institutions</translation>
    </message>
</context>
<context>
    <name>ReportDialog</name>
    <message>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>Word 文档 (*.docx)</source>
        <translation>Word document (*.docx)</translation>
    </message>
    <message>
        <source>保存签署的 PDF</source>
        <translation>Save the signed PDF</translation>
    </message>
    <message>
        <source>共 {0} 页。</source>
        <translation>{0} page(s).</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>加数字签名并导出 PDF(&amp;S)…</source>
        <translation>Digitally &amp;sign and export PDF…</translation>
    </message>
    <message>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>导出 PDF(&amp;P)…</source>
        <translation>Export &amp;PDF…</translation>
    </message>
    <message>
        <source>导出 Word(&amp;W)…</source>
        <translation>Export &amp;Word…</translation>
    </message>
    <message>
        <source>导出现场检查记录</source>
        <translation>Export the on-site inspection record</translation>
    </message>
    <message>
        <source>已加数字签名（PAdES）。</source>
        <translation>Digitally signed (PAdES).</translation>
    </message>
    <message>
        <source>已导出：{0}</source>
        <translation>Exported: {0}</translation>
    </message>
    <message>
        <source>数字签名</source>
        <translation>Digital signature</translation>
    </message>
    <message>
        <source>无法生成预览。</source>
        <translation>Cannot make a preview.</translation>
    </message>
    <message>
        <source>正在生成预览…</source>
        <translation>Making the preview…</translation>
    </message>
    <message>
        <source>现场检查记录</source>
        <translation>on-site record</translation>
    </message>
    <message>
        <source>现场检查记录（已签名）</source>
        <translation>on-site record (signed)</translation>
    </message>
    <message>
        <source>现场检查记录：{0}</source>
        <translation>On-site inspection record: {0}</translation>
    </message>
    <message>
        <source>生成现场检查记录</source>
        <translation>Make the on-site inspection record</translation>
    </message>
    <message>
        <source>用本人的签名密钥签署 PDF（需要口令）</source>
        <translation>Sign the PDF with my signing key (passphrase needed)</translation>
    </message>
    <message>
        <source>签名密钥的口令：</source>
        <translation>Passphrase of the signing key:</translation>
    </message>
    <message>
        <source>记录尚未签署：每页标有“草稿”。</source>
        <translation>The record is not signed yet: every page is marked &quot;draft&quot;.</translation>
    </message>
    <message>
        <source>记录签署后才能加数字签名</source>
        <translation>A digital signature can be added only after the record is signed</translation>
    </message>
</context>
<context>
    <name>RowTable</name>
    <message>
        <source>修改{0}</source>
        <translation>Edit {0}</translation>
    </message>
    <message>
        <source>删除一行</source>
        <translation>Delete a row</translation>
    </message>
</context>
<context>
    <name>SamplesTab</name>
    <message>
        <source>不合格</source>
        <translation>Fail</translation>
    </message>
    <message>
        <source>删除所选人员</source>
        <translation>Delete the selected person</translation>
    </message>
    <message>
        <source>删除所选盲样</source>
        <translation>Delete the selected blind sample</translation>
    </message>
    <message>
        <source>删除所选考试</source>
        <translation>Delete the selected exam</translation>
    </message>
    <message>
        <source>删除所选行</source>
        <translation>Delete the selected row</translation>
    </message>
    <message>
        <source>判定</source>
        <translation>Judgement</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>口试</source>
        <translation>Oral</translation>
    </message>
    <message>
        <source>合格</source>
        <translation>Pass</translation>
    </message>
    <message>
        <source>合格线</source>
        <translation>Pass mark</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>定性</source>
        <translation>Qualitative</translation>
    </message>
    <message>
        <source>定量：z = (x−X)/σpt；z′ 另计 u(X)；ζ 用 u(x)、u(X)；En 用扩展不确定度 U（k=2）。|z|≤{0} {3}，{0}&lt;|z|&lt;{1} {4}，|z|≥{1} {5}；|En|≤{2} {3}。定性：填写预期和结果，一致为{3}。</source>
        <translation>Quantitative: z = (x−X)/σpt; z′ also counts u(X); ζ uses u(x), u(X); En uses the expanded uncertainty U (k=2). |z|≤{0} {3}, {0}&lt;|z|&lt;{1} {4}, |z|≥{1} {5}; |En|≤{2} {3}. Qualitative: fill in the expected value and the result; a match is {3}.</translation>
    </message>
    <message>
        <source>得分</source>
        <translation>Score</translation>
    </message>
    <message>
        <source>成绩</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>授权签字人</source>
        <translation>Authorized signatories</translation>
    </message>
    <message>
        <source>授权领域</source>
        <translation>Authorized field</translation>
    </message>
    <message>
        <source>方法标准</source>
        <translation>Method standard</translation>
    </message>
    <message>
        <source>样品/基质</source>
        <translation>Sample/matrix</translation>
    </message>
    <message>
        <source>样品编号</source>
        <translation>Sample no.</translation>
    </message>
    <message>
        <source>检测项目</source>
        <translation>Test item</translation>
    </message>
    <message>
        <source>没有授权签字人考试记录。</source>
        <translation>No authorized-signatory exams.</translation>
    </message>
    <message>
        <source>没有盲样考核记录。</source>
        <translation>No blind-sample tests.</translation>
    </message>
    <message>
        <source>没有记录。</source>
        <translation>Nothing recorded.</translation>
    </message>
    <message>
        <source>没有记录在场人员。</source>
        <translation>No one present recorded.</translation>
    </message>
    <message>
        <source>添加一行(&amp;N)</source>
        <translation>Add a row (&amp;N)</translation>
    </message>
    <message>
        <source>添加在场人员(&amp;I)</source>
        <translation>Add a person present (&amp;I)</translation>
    </message>
    <message>
        <source>添加盲样</source>
        <translation>Add blind sample</translation>
    </message>
    <message>
        <source>添加盲样(&amp;N)</source>
        <translation>Add blind sample (&amp;N)</translation>
    </message>
    <message>
        <source>添加考试(&amp;N)</source>
        <translation>Add exam (&amp;N)</translation>
    </message>
    <message>
        <source>添加（{0}）</source>
        <translation>Add ({0})</translation>
    </message>
    <message>
        <source>现场操作</source>
        <translation>Practical</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>盲样{0}</source>
        <translation>Blind sample {0}</translation>
    </message>
    <message>
        <source>笔试</source>
        <translation>Written</translation>
    </message>
    <message>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>结果（定性）</source>
        <translation>Result (qualitative)</translation>
    </message>
    <message>
        <source>统计量</source>
        <translation>Statistic</translation>
    </message>
    <message>
        <source>考官</source>
        <translation>Examiner</translation>
    </message>
    <message>
        <source>考核授权签字人是否具备其授权领域的技术能力。签字人可从机构的授权签字人名单中选，也可直接填写。</source>
        <translation>Tests whether authorized signatories are technically competent in their authorized fields. Choose the signatory from the institution&apos;s list of authorized signatories, or type the name.</translation>
    </message>
    <message>
        <source>考试形式</source>
        <translation>Exam form</translation>
    </message>
    <message>
        <source>职务</source>
        <translation>Position</translation>
    </message>
    <message>
        <source>被检查单位在现场的负责人和陪同人员，记录中逐一写明。</source>
        <translation>The institution&apos;s person in charge and accompanying staff present on site, each named in the record.</translation>
    </message>
    <message>
        <source>还没有授权签字人考试记录。点击“{0}”或按 {1} 添加。</source>
        <translation>No authorized-signatory exams yet. Click &quot;{0}&quot; or press {1} to add one.</translation>
    </message>
    <message>
        <source>还没有盲样考核记录。点击“{0}”或按 {1} 添加。</source>
        <translation>No blind-sample tests yet. Click &quot;{0}&quot; or press {1} to add one.</translation>
    </message>
    <message>
        <source>还没有记录。点击“{0}”或按 {1} 添加。</source>
        <translation>Nothing recorded yet. Click &quot;{0}&quot; or press {1} to add a row.</translation>
    </message>
    <message>
        <source>还没有记录在场人员。点击“{0}”或按 {1} 添加。</source>
        <translation>No one present recorded yet. Click &quot;{0}&quot; or press {1} to add a person.</translation>
    </message>
    <message>
        <source>预期（定性）</source>
        <translation>Expected (qualitative)</translation>
    </message>
</context>
<context>
    <name>SaveFeedback</name>
    <message>
        <source>· {0}</source>
        <translation>· {0}</translation>
    </message>
    <message>
        <source>· {0}：{1}</source>
        <translation>· {0}: {1}</translation>
    </message>
    <message>
        <source>……另有 {0} 处，见“显示详细信息”。</source>
        <translation>…and {0} more: see &quot;Show Details&quot;.</translation>
    </message>
    <message>
        <source>应为：{0}。</source>
        <translation>Expected: {0}.</translation>
    </message>
    <message>
        <source>转到第一处(&amp;G)</source>
        <translation>&amp;Go to the first</translation>
    </message>
</context>
<context>
    <name>SaveIndicator</name>
    <message>
        <source>已保存 {0}</source>
        <translation>Saved {0}</translation>
    </message>
    <message>
        <source>最近一次修改已于 {0} 保存。</source>
        <translation>The last change was saved at {0}.</translation>
    </message>
    <message>
        <source>未保存</source>
        <translation>Not saved</translation>
    </message>
    <message>
        <source>每次修改都立即保存，没有“保存”按钮。</source>
        <translation>Every change is saved at once; there is no Save button.</translation>
    </message>
    <message>
        <source>离开这一栏（Tab、回车或点别处）时自动保存。</source>
        <translation>Saved when you leave the field (Tab, Enter or a click elsewhere).</translation>
    </message>
    <message>
        <source>自动保存</source>
        <translation>Saved automatically</translation>
    </message>
    <message>
        <source>输入中（未保存）</source>
        <translation>Typing (not saved yet)</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>现在重新启动(&amp;R)</source>
        <translation>&amp;Restart now</translation>
    </message>
    <message>
        <source>界面语言(&amp;L)：</source>
        <translation>&amp;Language:</translation>
    </message>
    <message>
        <source>界面语言将在重新启动后生效。</source>
        <translation>The new language takes effect after a restart.</translation>
    </message>
    <message>
        <source>稍后(&amp;L)</source>
        <translation>&amp;Later</translation>
    </message>
    <message>
        <source>简体中文</source>
        <translation>简体中文</translation>
    </message>
    <message>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>跟随系统（{0}）</source>
        <translation>Follow the system ({0})</translation>
    </message>
    <message>
        <source>重新启动后生效。检查记录、通知书和公示等文书始终是中文。</source>
        <translation>Takes effect after a restart. Documents (inspection records, notices, publications) are always in Chinese.</translation>
    </message>
</context>
<context>
    <name>SignatureDialog</name>
    <message>
        <source>姓名（可不填）</source>
        <translation>Name (optional)</translation>
    </message>
    <message>
        <source>必填，例如：负责人拒绝在检查记录上签名</source>
        <translation>Required, e.g. the person in charge refused to sign the inspection record</translation>
    </message>
    <message>
        <source>拒绝签名</source>
        <translation>Refuse to sign</translation>
    </message>
    <message>
        <source>拒绝签名(&amp;F)…</source>
        <translation>Re&amp;fuse to sign…</translation>
    </message>
    <message>
        <source>撤销(&amp;U)</source>
        <translation>&amp;Undo</translation>
    </message>
    <message>
        <source>时间：</source>
        <translation>Time:</translation>
    </message>
    <message>
        <source>清除(&amp;C)</source>
        <translation>&amp;Clear</translation>
    </message>
    <message>
        <source>理由(&amp;Y)：</source>
        <translation>Reason (&amp;Y):</translation>
    </message>
    <message>
        <source>确认拒绝签名(&amp;J)</source>
        <translation>Confirm refusal to sign (&amp;J)</translation>
    </message>
    <message>
        <source>签名</source>
        <translation>Signature</translation>
    </message>
    <message>
        <source>签名人：</source>
        <translation>Signer:</translation>
    </message>
    <message>
        <source>见证人 1：</source>
        <translation>Witness 1:</translation>
    </message>
    <message>
        <source>见证人 2：</source>
        <translation>Witness 2:</translation>
    </message>
    <message>
        <source>请填写拒绝签名的理由。</source>
        <translation>Give the reason for refusing to sign.</translation>
    </message>
    <message>
        <source>身份：</source>
        <translation>Capacity:</translation>
    </message>
    <message>
        <source>返回签名(&amp;B)</source>
        <translation>&amp;Back to signing</translation>
    </message>
    <message>
        <source>重做(&amp;R)</source>
        <translation>&amp;Redo</translation>
    </message>
</context>
<context>
    <name>SignaturePad</name>
    <message>
        <source>用鼠标、手写笔或手指在此书写签名。Ctrl+Z 撤销一笔，Ctrl+Y 重做，Delete 清除。</source>
        <translation>Sign here with a mouse, pen or finger. Ctrl+Z undoes a stroke, Ctrl+Y redoes, Delete clears.</translation>
    </message>
    <message>
        <source>签名板</source>
        <translation>Signature pad</translation>
    </message>
    <message>
        <source>请在此签名</source>
        <translation>Please sign here</translation>
    </message>
</context>
<context>
    <name>SignaturesTab</name>
    <message>
        <source>· {0}</source>
        <translation>· {0}</translation>
    </message>
    <message>
        <source>代表已签名（或已记录拒绝签名），姓名和职务随签名保存。</source>
        <translation>The representative has signed (or the refusal is recorded); the name and title are kept with the signature.</translation>
    </message>
    <message>
        <source>代表签名或拒绝签名(&amp;G)…</source>
        <translation>Sign or refuse on their behal&amp;f…</translation>
    </message>
    <message>
        <source>例如：技术负责人</source>
        <translation>e.g. technical director</translation>
    </message>
    <message>
        <source>姓名(&amp;X)：</source>
        <translation>Name (&amp;X):</translation>
    </message>
    <message>
        <source>已签名 {0}</source>
        <translation>Signed {0}</translation>
    </message>
    <message>
        <source>执法证号 {0}</source>
        <translation>Enforcement ID {0}</translation>
    </message>
    <message>
        <source>技术专家（不计入执法人员）</source>
        <translation>Technical expert (not an enforcement officer)</translation>
    </message>
    <message>
        <source>拒绝签名：{0}</source>
        <translation>Refused to sign: {0}</translation>
    </message>
    <message>
        <source>未签名</source>
        <translation>Not signed</translation>
    </message>
    <message>
        <source>检查人员签名</source>
        <translation>Inspectors&apos; signatures</translation>
    </message>
    <message>
        <source>签名…</source>
        <translation>Sign…</translation>
    </message>
    <message>
        <source>签名：</source>
        <translation>Signature:</translation>
    </message>
    <message>
        <source>签署记录(&amp;Q)</source>
        <translation>Sign the record (&amp;Q)</translation>
    </message>
    <message>
        <source>结束记录后，请被检查单位代表签名时再核对填写。</source>
        <translation>Filled in and checked when the representative signs, after the record is finished.</translation>
    </message>
    <message>
        <source>职务(&amp;Z)：</source>
        <translation>Position (&amp;Z):</translation>
    </message>
    <message>
        <source>被检查单位代表</source>
        <translation>Institution&apos;s representative</translation>
    </message>
    <message>
        <source>记录尚未结束：请先在右上角“结束记录”，再请检查人员和被检查单位代表签名。</source>
        <translation>The record is not finished: first click &quot;Finish the record&quot; at the top right, then ask the inspectors and the institution&apos;s representative to sign.</translation>
    </message>
    <message>
        <source>记录已签署（{0}），不能再修改。</source>
        <translation>The record is signed ({0}) and can no longer change.</translation>
    </message>
    <message>
        <source>记录已结束，等待签名。</source>
        <translation>The record is finished and awaiting signatures.</translation>
    </message>
    <message>
        <source>（见证人：{0}）</source>
        <translation> (witnesses: {0})</translation>
    </message>
</context>
<context>
    <name>TableExport</name>
    <message>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>导出到 Excel</source>
        <translation>Export to Excel</translation>
    </message>
    <message>
        <source>导出到 Excel(&amp;X)…</source>
        <translation>Export to E&amp;xcel…</translation>
    </message>
    <message>
        <source>已导出 {0} 行到 {1}</source>
        <translation>Exported {0} rows to {1}</translation>
    </message>
    <message>
        <source>表格</source>
        <translation>Table</translation>
    </message>
</context>
<context>
    <name>TaskList</name>
    <message>
        <source>{0}/{1}，问题 {2}</source>
        <translation>{0}/{1}, {2} problem(s)</translation>
    </message>
    <message>
        <source>{0}（{1} 项）</source>
        <translation>{0} ({1})</translation>
    </message>
    <message>
        <source>不属于抽查计划的任务</source>
        <translation>Tasks outside any plan</translation>
    </message>
    <message>
        <source>全部任务</source>
        <translation>All tasks</translation>
    </message>
    <message>
        <source>全部年度</source>
        <translation>All years</translation>
    </message>
    <message>
        <source>全部检查人员</source>
        <translation>All inspectors</translation>
    </message>
    <message>
        <source>全部（不含已取消）</source>
        <translation>All (without cancelled)</translation>
    </message>
    <message>
        <source>全部（含已取消）</source>
        <translation>All (with cancelled)</translation>
    </message>
    <message numerus="yes">
        <source>共 %n 个检查任务</source>
        <translation>
            <numerusform>%n inspection task</numerusform>
            <numerusform>%n inspection tasks</numerusform>
        </translation>
    </message>
    <message>
        <source>区县</source>
        <translation>District</translation>
    </message>
    <message>
        <source>取消任务(&amp;C)…</source>
        <translation>&amp;Cancel task…</translation>
    </message>
    <message>
        <source>已取消</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>已取消（{0}）：{1}；取消前：{2}</source>
        <translation>Cancelled ({0}): {1}; before: {2}</translation>
    </message>
    <message>
        <source>已检查</source>
        <translation>Checked</translation>
    </message>
    <message>
        <source>年度(&amp;Y)：</source>
        <translation>&amp;Year:</translation>
    </message>
    <message>
        <source>打开(&amp;O)</source>
        <translation>&amp;Open</translation>
    </message>
    <message>
        <source>抽查计划</source>
        <translation>Plan</translation>
    </message>
    <message>
        <source>抽查计划(&amp;P)：</source>
        <translation>&amp;Plan:</translation>
    </message>
    <message>
        <source>按计划分组(&amp;G)</source>
        <translation>&amp;Group by plan</translation>
    </message>
    <message>
        <source>搜索(&amp;S)：</source>
        <translation>&amp;Search:</translation>
    </message>
    <message numerus="yes">
        <source>显示 {0} 个，共 %n 个检查任务</source>
        <translation>
            <numerusform>Showing {0} of %n inspection task</numerusform>
            <numerusform>Showing {0} of %n inspection tasks</numerusform>
        </translation>
    </message>
    <message>
        <source>未写原因</source>
        <translation>no reason given</translation>
    </message>
    <message>
        <source>机构名称、信用代码、检查人员、通知书编号…</source>
        <translation>Institution, credit code, inspector, notice number…</translation>
    </message>
    <message>
        <source>检查人员(&amp;I)：</source>
        <translation>&amp;Inspector:</translation>
    </message>
    <message>
        <source>检查任务</source>
        <translation>Inspection tasks</translation>
    </message>
    <message>
        <source>检查组：{0}</source>
        <translation>Team: {0}</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>状态(&amp;U)：</source>
        <translation>Stat&amp;us:</translation>
    </message>
    <message>
        <source>状态的颜色只是辅助：每一行都写明状态</source>
        <translation>The colours only help: every row names its status</translation>
    </message>
    <message>
        <source>状态：{0}</source>
        <translation>Status: {0}</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>组长</source>
        <translation>Leader</translation>
    </message>
    <message>
        <source>被检查机构</source>
        <translation>Institution</translation>
    </message>
    <message>
        <source>计划日期</source>
        <translation>Planned</translation>
    </message>
    <message>
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
</context>
<context>
    <name>TaskWorkspace</name>
    <message>
        <source>{0} · {1}</source>
        <translation>{0} · {1}</translation>
    </message>
    <message>
        <source>← 任务列表</source>
        <translation>← Tasks</translation>
    </message>
    <message>
        <source>⚠ {0}</source>
        <translation>⚠ {0}</translation>
    </message>
    <message>
        <source>不能签署</source>
        <translation>Cannot sign</translation>
    </message>
    <message>
        <source>不能结束记录</source>
        <translation>Cannot finish the record</translation>
    </message>
    <message>
        <source>冲突 {0}…</source>
        <translation>Conflicts {0}…</translation>
    </message>
    <message>
        <source>处理(&amp;B)…</source>
        <translation>Handle (&amp;B)…</translation>
    </message>
    <message>
        <source>导出检查结果包(&amp;E)…</source>
        <translation>&amp;Export package…</translation>
    </message>
    <message>
        <source>导出检查通知书（PDF / Word），首次导出时编号</source>
        <translation>Export the notice of inspection (PDF / Word), numbered on first export</translation>
    </message>
    <message>
        <source>已签署</source>
        <translation>Signed</translation>
    </message>
    <message>
        <source>把本任务的记录、照片和签名导出为签名的 .scpkg 数据包，交组长导入</source>
        <translation>Export this task&apos;s record, photos and signatures as a signed .scpkg package for the team leader to import</translation>
    </message>
    <message>
        <source>撤销</source>
        <translation>Undo</translation>
    </message>
    <message>
        <source>撤销：{0}</source>
        <translation>Undo: {0}</translation>
    </message>
    <message>
        <source>未保存：{0}</source>
        <translation>Not saved: {0}</translation>
    </message>
    <message>
        <source>未完成</source>
        <translation>Incomplete</translation>
    </message>
    <message>
        <source>机构信息(&amp;2)</source>
        <translation>&amp;2 Institution</translation>
    </message>
    <message>
        <source>检查事项(&amp;3)</source>
        <translation>&amp;3 Check items</translation>
    </message>
    <message>
        <source>检查任务{0}，记录不能再修改。</source>
        <translation>The inspection task is {0}; the record can no longer be changed.</translation>
    </message>
    <message>
        <source>检查通知书(&amp;T)…</source>
        <translation>No&amp;tice…</translation>
    </message>
    <message>
        <source>现场情况(&amp;1)</source>
        <translation>&amp;1 Visit</translation>
    </message>
    <message>
        <source>现场检查记录已签署，不能再修改。</source>
        <translation>The on-site inspection record is signed and can no longer change.</translation>
    </message>
    <message>
        <source>盲样考核(&amp;4)</source>
        <translation>&amp;4 Blind-sample tests</translation>
    </message>
    <message>
        <source>确认18项检查、盲样判定都已完成；之后记录不能再修改，等待双方签名</source>
        <translation>Confirm that all 18 checks and the blind-sample judgements are done; after this the record can no longer change and awaits both sides&apos; signatures</translation>
    </message>
    <message>
        <source>签名与签署(&amp;6)</source>
        <translation>&amp;6 Signatures</translation>
    </message>
    <message>
        <source>签字人考试(&amp;5)</source>
        <translation>&amp;5 Signatory exams</translation>
    </message>
    <message>
        <source>结束记录(&amp;J)</source>
        <translation>&amp;Finish record</translation>
    </message>
    <message>
        <source>记录已签署，不能再修改；如确需修改，请先“重新打开”。</source>
        <translation>The record is signed and can no longer be changed; to change it, &quot;Reopen&quot; it first.</translation>
    </message>
    <message>
        <source>记录已结束，等待签名，不能再修改；如确需修改，请先“重新打开”。</source>
        <translation>The record is finished and waiting for signatures; to change it, &quot;Reopen&quot; it first.</translation>
    </message>
    <message>
        <source>记录文书(&amp;W)…</source>
        <translation>&amp;Documents…</translation>
    </message>
    <message>
        <source>记录签署后：处理结论、整改、处罚、移交问题线索；处理完整即办结</source>
        <translation>After the record is signed: conclusion, rectification, penalty, lead referral; the task closes once handling is complete</translation>
    </message>
    <message>
        <source>记录还不完整，不能结束。请先补上以下各处：</source>
        <translation>The record is not complete and cannot be finished. First fill in:</translation>
    </message>
    <message>
        <source>记录还不能签署。请先补上以下各处：</source>
        <translation>The record cannot be signed yet. First fill in:</translation>
    </message>
    <message>
        <source>返回任务列表（{0}）</source>
        <translation>Back to the task list ({0})</translation>
    </message>
    <message>
        <source>重做</source>
        <translation>Redo</translation>
    </message>
    <message>
        <source>重做：{0}</source>
        <translation>Redo: {0}</translation>
    </message>
    <message>
        <source>重新打开(&amp;O)…</source>
        <translation>Re&amp;open…</translation>
    </message>
    <message>
        <source>重新打开后，已有的签名作废，需要重新签名。请写明原因（将记入审计日志）：</source>
        <translation>Reopening voids the existing signatures; everyone must sign again. Give the reason (recorded in the audit log):</translation>
    </message>
    <message>
        <source>重新打开记录</source>
        <translation>Reopen the record</translation>
    </message>
    <message>
        <source>预览、导出 PDF / Word，签署后可加数字签名</source>
        <translation>Preview and export PDF / Word; a digital signature can be added after signing</translation>
    </message>
</context>
<context>
    <name>TasksPage</name>
    <message>
        <source>{0}项任务</source>
        <translation>{0} tasks</translation>
    </message>
    <message>
        <source>任务分配</source>
        <translation>assignment</translation>
    </message>
    <message>
        <source>保存任务分配包</source>
        <translation>Save the task assignment package</translation>
    </message>
    <message>
        <source>取消任务…</source>
        <translation>Cancel task…</translation>
    </message>
    <message>
        <source>取消所选任务（Delete 键），须写明原因；已结束或已签署的记录不能取消</source>
        <translation>Cancel the selected task (Delete key) with a reason; a finished or signed record cannot be cancelled</translation>
    </message>
    <message>
        <source>导出任务分配包</source>
        <translation>Export task assignment package</translation>
    </message>
    <message>
        <source>导出任务分配包(&amp;A)…</source>
        <translation>Export task &amp;assignment package…</translation>
    </message>
    <message>
        <source>已保存：{0}
请把它交给检查组成员，在其电脑上导入；首次导入时对方需与您核对密钥指纹 {1}。</source>
        <translation>Saved: {0}
Give it to the team members to import on their computers; on first import they must check your key fingerprint {1} with you.</translation>
    </message>
    <message>
        <source>打开(&amp;O)</source>
        <translation>&amp;Open</translation>
    </message>
    <message>
        <source>把所选任务连同机构、检查组人员和证书交给检查人员的笔记本电脑</source>
        <translation>Give the selected tasks, with the institutions, team members and certificates, to the inspectors&apos; laptops</translation>
    </message>
    <message>
        <source>数据包 (*.scpkg)</source>
        <translation>Packages (*.scpkg)</translation>
    </message>
    <message>
        <source>新建任务(&amp;N)…</source>
        <translation>&amp;New task…</translation>
    </message>
    <message>
        <source>检查任务</source>
        <translation>Inspection tasks</translation>
    </message>
    <message>
        <source>签名密钥的口令（分配包由您的密钥签名）：</source>
        <translation>Passphrase of the signing key (the assignment package is signed with your key):</translation>
    </message>
</context>
<context>
    <name>VerifyDialog</name>
    <message>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>文件签署后被改动过：不能作为已签署的记录使用。</source>
        <translation>The file was changed after signing: it cannot be used as a signed record.</translation>
    </message>
    <message>
        <source>无法确认签名人：签名人的证书没有在本数据库中登记，或签名人不是该任务检查组的执法人员。</source>
        <translation>Cannot confirm the signer: the signer&apos;s certificate is not registered in this database, or the signer is not an enforcement officer of the task&apos;s team.</translation>
    </message>
    <message>
        <source>无法确认这份文件的数字签名。</source>
        <translation>Cannot confirm this file&apos;s digital signature.</translation>
    </message>
    <message>
        <source>无法读取这个文件或它写明的记录。</source>
        <translation>Cannot read this file or the record it names.</translation>
    </message>
    <message>
        <source>签名有效、可信：文件签署后未被改动，签名人是检查组的执法人员，记录与本数据库一致。</source>
        <translation>Signature valid and trusted: the file is unchanged since signing, the signer is an enforcement officer of the team, and the record matches this database.</translation>
    </message>
    <message>
        <source>签名有效、文件签署后未被改动，但本数据库中没有它所属的检查任务：无法核对签名人是否为检查组成员。</source>
        <translation>Signature valid and the file is unchanged since signing, but its inspection task is not in this database: cannot check whether the signer is a team member.</translation>
    </message>
    <message>
        <source>签名有效，但文件中的记录与本数据库中的当前记录不同：导出之后记录又被改动过。</source>
        <translation>Signature valid, but the record in the file differs from the current record in this database: the record was changed after the export.</translation>
    </message>
    <message>
        <source>这个文件没有数字签名。</source>
        <translation>This file has no digital signature.</translation>
    </message>
    <message>
        <source>选择已签署的记录 PDF</source>
        <translation>Choose a signed record PDF</translation>
    </message>
    <message>
        <source>验证数字签名</source>
        <translation>Verify digital signature</translation>
    </message>
</context>
<context>
    <name>VisitTab</name>
    <message>
        <source>YYYY-MM-DD HH:MM</source>
        <translation>YYYY-MM-DD HH:MM</translation>
    </message>
    <message>
        <source>{0}（{1}，{2}{3}{4}）</source>
        <translation>{0} ({1}, {2}{3}{4})</translation>
    </message>
    <message>
        <source>{0}：现在</source>
        <translation>{0}: now</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>例如：不申请回避</source>
        <translation>e.g. no recusal requested</translation>
    </message>
    <message>
        <source>例如：以上记录已阅，与事实相符</source>
        <translation>e.g. I have read the record above and it matches the facts</translation>
    </message>
    <message>
        <source>修改{0}</source>
        <translation>Edit {0}</translation>
    </message>
    <message>
        <source>修改出示执法证件</source>
        <translation>Edit credentials shown</translation>
    </message>
    <message>
        <source>出示执法证件</source>
        <translation>Credentials shown</translation>
    </message>
    <message>
        <source>告知方式</source>
        <translation>Notice method</translation>
    </message>
    <message>
        <source>告知方式(&amp;G)：</source>
        <translation>Notice metho&amp;d:</translation>
    </message>
    <message>
        <source>告知时间</source>
        <translation>Notified at</translation>
    </message>
    <message>
        <source>告知时间(&amp;N)：</source>
        <translation>&amp;Notified at:</translation>
    </message>
    <message>
        <source>回避告知：</source>
        <translation>Recusal notice:</translation>
    </message>
    <message>
        <source>回避申请的答复</source>
        <translation>Answer to the recusal question</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>备注(&amp;M)：</source>
        <translation>Re&amp;marks:</translation>
    </message>
    <message>
        <source>已出示执法证件</source>
        <translation>Enforcement credentials shown</translation>
    </message>
    <message>
        <source>已告知被检查单位检查依据和范围、配合检查和如实提供材料的义务(&amp;C)</source>
        <translation>Told the basis, scope and duty to &amp;cooperate truthfully</translation>
    </message>
    <message>
        <source>市场监督管理部门</source>
        <translation>the market regulation authority</translation>
    </message>
    <message>
        <source>我们是{0}的执法人员，已向你出示执法证件。你是否申请检查人员回避？</source>
        <translation>We are enforcement officers of {0} and have shown you our credentials. Do you apply for any inspector to withdraw (recusal)?</translation>
    </message>
    <message>
        <source>执法证号 {0}</source>
        <translation>Enforcement ID {0}</translation>
    </message>
    <message>
        <source>技术专家</source>
        <translation>Technical expert</translation>
    </message>
    <message>
        <source>检查地点</source>
        <translation>Place of inspection</translation>
    </message>
    <message>
        <source>检查地点(&amp;P)：</source>
        <translation>&amp;Place of inspection:</translation>
    </message>
    <message>
        <source>检查开始(&amp;S)：</source>
        <translation>Inspection &amp;started:</translation>
    </message>
    <message>
        <source>检查组：</source>
        <translation>Team:</translation>
    </message>
    <message>
        <source>检查结束(&amp;Z)：</source>
        <translation>Ended (&amp;Z):</translation>
    </message>
    <message>
        <source>现在</source>
        <translation>Now</translation>
    </message>
    <message>
        <source>现场检查开始时间</source>
        <translation>On-site inspection started</translation>
    </message>
    <message>
        <source>现场检查结束时间</source>
        <translation>On-site inspection ended</translation>
    </message>
    <message>
        <source>被检查单位在场人员：</source>
        <translation>Institution&apos;s people present:</translation>
    </message>
    <message>
        <source>被检查单位意见</source>
        <translation>Institution&apos;s statement</translation>
    </message>
    <message>
        <source>被检查单位意见(&amp;Y)：</source>
        <translation>Institution&apos;s &amp;view:</translation>
    </message>
    <message>
        <source>被检查单位答复(&amp;R)：</source>
        <translation>Institution&apos;s answe&amp;r:</translation>
    </message>
    <message>
        <source>计划日期</source>
        <translation>Planned date</translation>
    </message>
    <message>
        <source>计划日期(&amp;D)：</source>
        <translation>Planned &amp;date:</translation>
    </message>
    <message>
        <source>记录人</source>
        <translation>Recorder</translation>
    </message>
    <message>
        <source>记录人(&amp;L)：</source>
        <translation>Recorded &amp;by:</translation>
    </message>
    <message>
        <source>（告知方式未记录）</source>
        <translation>(notice method not recorded)</translation>
    </message>
    <message>
        <source>（未选择）</source>
        <translation>(not chosen)</translation>
    </message>
    <message>
        <source>，组长</source>
        <translation>, leader</translation>
    </message>
    <message>
        <source>，联合检查</source>
        <translation>, joint inspection</translation>
    </message>
</context>
<context>
    <name>application</name>
    <message>
        <source>出现了意外错误，刚才的操作可能没有完成。已记录的数据不受影响。
详情已写入 {0}</source>
        <translation>An unexpected error occurred; the last operation may not have finished. Data already recorded is not affected.
Details were written to {0}</translation>
    </message>
</context>
<context>
    <name>checklist</name>
    <message>
        <source>2025年度资质认定检验检测机构自查表</source>
        <translation>2025 Self-check Table for Accredited Inspection and Testing Institutions</translation>
    </message>
    <message>
        <source>不得出具不实检验检测数据、结果和报告的要求。</source>
        <translation>Requirement not to issue untrue inspection and testing data, results or reports.</translation>
    </message>
    <message>
        <source>不得出具虚假检验检测数据、结果的要求。</source>
        <translation>Requirement not to issue false inspection and testing data or results.</translation>
    </message>
    <message>
        <source>不适用</source>
        <translation>Not applicable</translation>
    </message>
    <message>
        <source>人员管理要求。</source>
        <translation>Personnel management requirements.</translation>
    </message>
    <message>
        <source>单位地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>参加能力验证和技术比对。</source>
        <translation>Participation in proficiency testing and technical comparisons.</translation>
    </message>
    <message>
        <source>发现问题</source>
        <translation>Problem found</translation>
    </message>
    <message>
        <source>发证机关名称</source>
        <translation>Issuing authority</translation>
    </message>
    <message>
        <source>取得资质认定的情况</source>
        <translation>Accreditation</translation>
    </message>
    <message>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <source>在资质认定证书的能力范围内从事检验检测活动。</source>
        <translation>Inspection and testing within the scope of the accreditation certificate.</translation>
    </message>
    <message>
        <source>基本信息</source>
        <translation>Basic information</translation>
    </message>
    <message>
        <source>必须与营业执照或法人证书一致</source>
        <translation>Must match the business licence or legal person certificate</translation>
    </message>
    <message>
        <source>批准日期</source>
        <translation>Approval date</translation>
    </message>
    <message>
        <source>技术负责人</source>
        <translation>Technical director</translation>
    </message>
    <message>
        <source>持续符合资质认定条件和技术能力的要求。</source>
        <translation>Continued compliance with the accreditation conditions and technical competence requirements.</translation>
    </message>
    <message>
        <source>按要求上报开展检验检测活动以及统计数据、诚信档案等信息。</source>
        <translation>Reporting of inspection and testing activities, statistics, integrity records and other information as required.</translation>
    </message>
    <message>
        <source>授权签字人</source>
        <translation>Authorized signatories</translation>
    </message>
    <message>
        <source>数据和信息管理要求。</source>
        <translation>Data and information management requirements.</translation>
    </message>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>是否发现问题</source>
        <translation>Problem found?</translation>
    </message>
    <message>
        <source>最高管理者</source>
        <translation>Top management</translation>
    </message>
    <message>
        <source>最高管理者联系电话</source>
        <translation>Top management phone</translation>
    </message>
    <message>
        <source>有效日期</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <source>未发现问题</source>
        <translation>No problem found</translation>
    </message>
    <message>
        <source>机构依法设立的异地分支机构，应通过资质认定。</source>
        <translation>A branch set up by the institution in another location must be accredited.</translation>
    </message>
    <message>
        <source>机构应为依法成立，能承担相应法律责任的法人单位或其他组织。</source>
        <translation>The institution must be a legally established legal person or other organization able to bear the corresponding legal liability.</translation>
    </message>
    <message>
        <source>机构应具备独立性、公正性地位。</source>
        <translation>The institution must be independent and impartial.</translation>
    </message>
    <message>
        <source>机构应遵守《反垄断法》相关规定</source>
        <translation>The institution must comply with the Anti-Monopoly Law</translation>
    </message>
    <message>
        <source>机构应遵守相关保密规定。</source>
        <translation>The institution must comply with the relevant confidentiality rules.</translation>
    </message>
    <message>
        <source>机构情况发生变化时，及时办理有关变更手续。</source>
        <translation>When the institution&apos;s circumstances change, it completes the change formalities promptly.</translation>
    </message>
    <message>
        <source>检验检测过程规范要求。</source>
        <translation>Inspection and testing process requirements.</translation>
    </message>
    <message>
        <source>正确使用资质认定标志、检验检测机构公章或检验检测专用章。</source>
        <translation>Correct use of the accreditation mark and the institution&apos;s official or inspection and testing seal.</translation>
    </message>
    <message>
        <source>法人单位名称</source>
        <translation>Legal person name</translation>
    </message>
    <message>
        <source>法定代表人</source>
        <translation>Legal representative</translation>
    </message>
    <message>
        <source>法定代表人联系电话</source>
        <translation>Legal representative phone</translation>
    </message>
    <message>
        <source>组织机构代码/社会信用代码</source>
        <translation>Organization code / social credit code</translation>
    </message>
    <message>
        <source>联系人</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>被授权机构名称</source>
        <translation>Authorized institution name</translation>
    </message>
    <message>
        <source>规范出具检验检测报告。</source>
        <translation>Inspection and testing reports issued properly.</translation>
    </message>
    <message>
        <source>规范实施分包。</source>
        <translation>Subcontracting carried out properly.</translation>
    </message>
    <message>
        <source>证书编号</source>
        <translation>Certificate no.</translation>
    </message>
</context>
<context>
    <name>draw_views</name>
    <message>
        <source>{0} {1} 名</source>
        <translation>{1} for {0}</translation>
    </message>
    <message>
        <source>{0} 家</source>
        <translation>{0} institution(s)</translation>
    </message>
    <message>
        <source>{0}（{1}{2}）</source>
        <translation>{0} ({1} {2})</translation>
    </message>
    <message>
        <source>{0}（{1}）</source>
        <translation>{0} ({1})</translation>
    </message>
    <message>
        <source>{0}：{1}</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <source>{0}：{1} 家中抽 {2}</source>
        <translation>{0}: {2} drawn from {1}</translation>
    </message>
    <message>
        <source>{0}：{1} 家全部列入</source>
        <translation>{0}: all {1} included</translation>
    </message>
    <message>
        <source>{0}：计划 {1} 家，抽中 {2} 家</source>
        <translation>{0}: {1} planned, {2} drawn</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>上级分配的机构</source>
        <translation>Allocated by a higher level</translation>
    </message>
    <message>
        <source>上级分配的重点抽查对象</source>
        <translation>Priority targets allocated by a higher level</translation>
    </message>
    <message>
        <source>不列入</source>
        <translation>Left out</translation>
    </message>
    <message>
        <source>不抽取</source>
        <translation>Nothing drawn</translation>
    </message>
    <message>
        <source>不设协助人员，全部由组织层级的人员组成</source>
        <translation>No assisting staff; all from the organizing level</translation>
    </message>
    <message>
        <source>专家</source>
        <translation>Expert</translation>
    </message>
    <message>
        <source>专家 {0}</source>
        <translation>Expert {0}</translation>
    </message>
    <message>
        <source>仍列入</source>
        <translation>Kept</translation>
    </message>
    <message>
        <source>位置</source>
        <translation>Position</translation>
    </message>
    <message>
        <source>信用风险A类机构（补足）</source>
        <translation>Credit risk class A institutions (top-up)</translation>
    </message>
    <message>
        <source>信用风险A类重点抽查对象（补足）</source>
        <translation>Credit risk class A priority targets (top-up)</translation>
    </message>
    <message>
        <source>信用风险B类机构（补足）</source>
        <translation>Credit risk class B institutions (top-up)</translation>
    </message>
    <message>
        <source>信用风险B类重点抽查对象（补足）</source>
        <translation>Credit risk class B priority targets (top-up)</translation>
    </message>
    <message>
        <source>信用风险C类机构（补足）</source>
        <translation>Credit risk class C institutions (top-up)</translation>
    </message>
    <message>
        <source>信用风险C类重点抽查对象（补足）</source>
        <translation>Credit risk class C priority targets (top-up)</translation>
    </message>
    <message>
        <source>信用风险D类机构（补足）</source>
        <translation>Credit risk class D institutions (top-up)</translation>
    </message>
    <message>
        <source>信用风险D类重点抽查对象（补足）</source>
        <translation>Credit risk class D priority targets (top-up)</translation>
    </message>
    <message>
        <source>候选 R</source>
        <translation>Candidates R</translation>
    </message>
    <message>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <source>全部列入（不经随机）</source>
        <translation>All included (no random draw)</translation>
    </message>
    <message>
        <source>公安</source>
        <translation>Police</translation>
    </message>
    <message>
        <source>共抽取</source>
        <translation>Total drawn</translation>
    </message>
    <message>
        <source>分层及各层抽取数</source>
        <translation>Strata and number drawn from each</translation>
    </message>
    <message>
        <source>剩余 R</source>
        <translation>Remaining R</translation>
    </message>
    <message>
        <source>区县</source>
        <translation>District</translation>
    </message>
    <message>
        <source>协助人员来自{0}{1}</source>
        <translation>Assisting staff from: {0}{1}</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>名单</source>
        <translation>List</translation>
    </message>
    <message>
        <source>名单 SHA-256</source>
        <translation>List SHA-256</translation>
    </message>
    <message>
        <source>名单序号</source>
        <translation>List no.</translation>
    </message>
    <message>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <source>回避机构</source>
        <translation>Recusals</translation>
    </message>
    <message>
        <source>在岗</source>
        <translation>On duty</translation>
    </message>
    <message>
        <source>处理</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>如何抽中</source>
        <translation>How drawn</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>层</source>
        <translation>Stratum</translation>
    </message>
    <message>
        <source>层级</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>岗位</source>
        <translation>Post</translation>
    </message>
    <message>
        <source>市场监管执法人员 {0}</source>
        <translation>Market regulation officer {0}</translation>
    </message>
    <message>
        <source>所在层</source>
        <translation>Stratum</translation>
    </message>
    <message>
        <source>执法证号</source>
        <translation>Enforcement ID</translation>
    </message>
    <message>
        <source>抽中</source>
        <translation>Drawn</translation>
    </message>
    <message>
        <source>抽中机构</source>
        <translation>Drawn institutions</translation>
    </message>
    <message>
        <source>抽中的机构</source>
        <translation>Drawn institutions</translation>
    </message>
    <message>
        <source>摘要 MD5</source>
        <translation>Digest MD5</translation>
    </message>
    <message>
        <source>无</source>
        <translation>None</translation>
    </message>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>服务区县</source>
        <translation>Districts served</translation>
    </message>
    <message>
        <source>本领域其余机构（补足）</source>
        <translation>Other institutions in the field (top-up)</translation>
    </message>
    <message>
        <source>本领域重点抽查对象（补足）</source>
        <translation>Priority targets in the field (top-up)</translation>
    </message>
    <message>
        <source>机构</source>
        <translation>Institutions</translation>
    </message>
    <message>
        <source>检查组</source>
        <translation>Inspection teams</translation>
    </message>
    <message>
        <source>步</source>
        <translation>Step</translation>
    </message>
    <message>
        <source>理由</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>生态环境</source>
        <translation>Environment</translation>
    </message>
    <message>
        <source>第 {0} 步随机抽中</source>
        <translation>Drawn at random in step {0}</translation>
    </message>
    <message>
        <source>组员</source>
        <translation>Member</translation>
    </message>
    <message>
        <source>组织层级：{0}；每组市场监管执法人员 {1} 名（含组长）；{2}；专家：{3}。</source>
        <translation>Organizing level: {0}; {1} market regulation officer(s) per team (including the leader); {2}; experts: {3}.</translation>
    </message>
    <message>
        <source>组长</source>
        <translation>Leader</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <source>缺额</source>
        <translation>Shortfall</translation>
    </message>
    <message>
        <source>部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>重点抽查对象（全部列入）</source>
        <translation>Priority targets (all included)</translation>
    </message>
    <message>
        <source>顺序</source>
        <translation>Order</translation>
    </message>
    <message>
        <source>领域</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>，须服务机构所在区县</source>
        <translation>, who must serve the institution&apos;s district</translation>
    </message>
    <message>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <source>；移交所在地县级局：{0}</source>
        <translation>; referred to the county bureau where it is located: {0}</translation>
    </message>
    <message>
        <source>；缺 {0} 家（本领域无可抽机构，不从其他领域补足）</source>
        <translation>; {0} short (no institution left to draw in this field; not topped up from other fields)</translation>
    </message>
</context>
<context>
    <name>file_dialog</name>
    <message>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <source>A类（低风险）</source>
        <translation>Class A (low risk)</translation>
    </message>
    <message>
        <source>B类（一般风险）</source>
        <translation>Class B (medium risk)</translation>
    </message>
    <message>
        <source>C类（较高风险）</source>
        <translation>Class C (higher risk)</translation>
    </message>
    <message>
        <source>D类（高风险）</source>
        <translation>Class D (high risk)</translation>
    </message>
    <message>
        <source>En 值</source>
        <translation>En value</translation>
    </message>
    <message>
        <source>z 值</source>
        <translation>z value</translation>
    </message>
    <message>
        <source>z′ 值</source>
        <translation>z′ value</translation>
    </message>
    <message>
        <source>ζ 值</source>
        <translation>ζ value</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>上级分配年度</source>
        <translation>Allocated by higher level (year)</translation>
    </message>
    <message>
        <source>不合格</source>
        <translation>Fail</translation>
    </message>
    <message>
        <source>不满意</source>
        <translation>Unsatisfactory</translation>
    </message>
    <message>
        <source>不适用</source>
        <translation>Not applicable</translation>
    </message>
    <message>
        <source>不配合检查，情节严重</source>
        <translation>Refused to cooperate, serious</translation>
    </message>
    <message>
        <source>专业领域</source>
        <translation>Expertise</translation>
    </message>
    <message>
        <source>传真</source>
        <translation>Fax</translation>
    </message>
    <message>
        <source>信用风险分类</source>
        <translation>Credit risk class</translation>
    </message>
    <message>
        <source>假阳性</source>
        <translation>False positive</translation>
    </message>
    <message>
        <source>假阴性</source>
        <translation>False negative</translation>
    </message>
    <message>
        <source>公安</source>
        <translation>Police</translation>
    </message>
    <message>
        <source>公安机关</source>
        <translation>Police</translation>
    </message>
    <message>
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>其他检验检测机构</source>
        <translation>Other testing institutions</translation>
    </message>
    <message>
        <source>其他部门</source>
        <translation>Other departments</translation>
    </message>
    <message>
        <source>单位地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>县级</source>
        <translation>County</translation>
    </message>
    <message>
        <source>发现违法行为，立案调查</source>
        <translation>Violation found, case opened</translation>
    </message>
    <message>
        <source>发现问题</source>
        <translation>Problem found</translation>
    </message>
    <message>
        <source>发现问题线索，移交有关部门处理</source>
        <translation>Lead found, referred to the competent department</translation>
    </message>
    <message>
        <source>发现问题，责令整改</source>
        <translation>Problem found, ordered to rectify</translation>
    </message>
    <message>
        <source>发证机关</source>
        <translation>Issuing authority</translation>
    </message>
    <message>
        <source>司法机关（涉嫌犯罪移送）</source>
        <translation>Judicial authorities (suspected crime transferred)</translation>
    </message>
    <message>
        <source>合格</source>
        <translation>Pass</translation>
    </message>
    <message>
        <source>回避机构</source>
        <translation>Recusals</translation>
    </message>
    <message>
        <source>在岗</source>
        <translation>On duty</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>尚未作出结论</source>
        <translation>No conclusion yet</translation>
    </message>
    <message>
        <source>层级</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>工作单位</source>
        <translation>Employer</translation>
    </message>
    <message>
        <source>已办结</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>已告知</source>
        <translation>Notified</translation>
    </message>
    <message>
        <source>已汇总</source>
        <translation>Summarized</translation>
    </message>
    <message>
        <source>已签署</source>
        <translation>Signed</translation>
    </message>
    <message>
        <source>已计划</source>
        <translation>Planned</translation>
    </message>
    <message>
        <source>市场监管</source>
        <translation>Market regulation</translation>
    </message>
    <message>
        <source>市级</source>
        <translation>Municipal</translation>
    </message>
    <message>
        <source>当面送达</source>
        <translation>Delivered in person</translation>
    </message>
    <message>
        <source>所属区县</source>
        <translation>District</translation>
    </message>
    <message>
        <source>所属部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>执法证号</source>
        <translation>Enforcement ID</translation>
    </message>
    <message>
        <source>批准日期</source>
        <translation>Approval date</translation>
    </message>
    <message>
        <source>技术专家</source>
        <translation>Technical expert</translation>
    </message>
    <message>
        <source>技术负责人</source>
        <translation>Technical director</translation>
    </message>
    <message>
        <source>授权签字人</source>
        <translation>Authorized signatories</translation>
    </message>
    <message>
        <source>无故不参加能力验证</source>
        <translation>Skipped proficiency testing</translation>
    </message>
    <message>
        <source>最高管理者</source>
        <translation>Top management</translation>
    </message>
    <message>
        <source>最高管理者联系电话</source>
        <translation>Top management phone</translation>
    </message>
    <message>
        <source>有效日期</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <source>有问题</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>未判定</source>
        <translation>Not judged</translation>
    </message>
    <message>
        <source>未发现问题</source>
        <translation>No problem found</translation>
    </message>
    <message>
        <source>未按时完成统计直报</source>
        <translation>Late statistics report</translation>
    </message>
    <message>
        <source>未检查</source>
        <translation>Not checked</translation>
    </message>
    <message>
        <source>机动车</source>
        <translation>Vehicle</translation>
    </message>
    <message>
        <source>机动车检验机构</source>
        <translation>Vehicle inspection institutions</translation>
    </message>
    <message>
        <source>机构名称</source>
        <translation>Institution name</translation>
    </message>
    <message>
        <source>机构类别</source>
        <translation>Institution category</translation>
    </message>
    <message>
        <source>法定代表人</source>
        <translation>Legal representative</translation>
    </message>
    <message>
        <source>法定代表人联系电话</source>
        <translation>Legal representative phone</translation>
    </message>
    <message>
        <source>涉投诉举报</source>
        <translation>Complaints or reports</translation>
    </message>
    <message>
        <source>满意</source>
        <translation>Satisfactory</translation>
    </message>
    <message>
        <source>现场检查中</source>
        <translation>On site</translation>
    </message>
    <message>
        <source>生态环境</source>
        <translation>Environment</translation>
    </message>
    <message>
        <source>生态环境监测机构</source>
        <translation>Environmental monitoring institutions</translation>
    </message>
    <message>
        <source>生态环境部门</source>
        <translation>Ecology and environment department</translation>
    </message>
    <message>
        <source>生态环境部门所属</source>
        <translation>Under the ecology and environment department</translation>
    </message>
    <message>
        <source>电子邮件</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>省级</source>
        <translation>Provincial</translation>
    </message>
    <message>
        <source>短信</source>
        <translation>Text message</translation>
    </message>
    <message>
        <source>结果不符</source>
        <translation>Results differ</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <source>联系人</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>被授权机构名称</source>
        <translation>Authorized institution name</translation>
    </message>
    <message>
        <source>记录ID</source>
        <translation>Record ID</translation>
    </message>
    <message>
        <source>记录完成，待签名</source>
        <translation>Awaiting signatures</translation>
    </message>
    <message>
        <source>证书编号</source>
        <translation>Certificate no.</translation>
    </message>
    <message>
        <source>负责区县</source>
        <translation>Districts</translation>
    </message>
    <message>
        <source>邮寄</source>
        <translation>By post</translation>
    </message>
    <message>
        <source>重点抽查对象全部列入（不经随机抽取）</source>
        <translation>All priority targets included (not drawn at random)</translation>
    </message>
    <message>
        <source>重点抽查对象在本领域内优先抽取（单独成层，先抽）</source>
        <translation>Priority targets drawn first within their field (a stratum of their own, drawn first)</translation>
    </message>
</context>
<context>
    <name>result_box</name>
    <message>
        <source>查看明细…</source>
        <translation>Details…</translation>
    </message>
</context>
<context>
    <name>show_error</name>
    <message>
        <source>出现了意外错误，操作没有完成。

{0}</source>
        <translation>An unexpected error occurred; the operation did not finish.

{0}</translation>
    </message>
</context>
<context>
    <name>window_check</name>
    <message>
        <source>窗口没有显示</source>
        <translation>The window did not show</translation>
    </message>
</context>
</TS>
