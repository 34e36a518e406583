<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ActivityChart</name>
    <message>
        <location filename="../../gui/widgets/chart.py" line="+80"/>
        <source>Activity over time</source>
        <extracomment>start of each bar (ms), in order series key (org id, OWN or OTHERS) -&gt; count per bar</extracomment>
        <translation>随时间的活动</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 events in %2 bars</source>
        <translation>%2 个柱中共 %1 个事件</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Your own actions</source>
        <translation>您自己的操作</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Other organisations</source>
        <translation>其他机构</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>No activity to show for this filter.</source>
        <translation>此筛选条件下没有可显示的活动。</translation>
    </message>
</context>
<context>
    <name>BugDialog</name>
    <message>
        <location filename="../../gui/errors.py" line="+84"/>
        <source>Something went wrong</source>
        <translation>出现问题</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The app ran into a bug and could not finish what you asked. Your vault was not changed by the failed step.

The details below say only where in the program it happened; they contain none of your data. Nothing is sent anywhere: if you want to report it, copy the details yourself.</source>
        <translation>应用遇到了一个程序错误，未能完成您要求的操作。失败的这一步没有改动您的保险库。

下面的详细信息只说明错误发生在程序的哪个位置，不包含您的任何数据。不会向任何地方发送任何内容：如果您想报告此问题，请自行复制这些详细信息。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Technical details</source>
        <translation>技术细节</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+1"/>
        <source>Copy details</source>
        <translation>复制详细信息</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <location filename="../../gui/dialogs/change_password.py" line="+36"/>
        <source>Change the master password</source>
        <translation>更改主密码</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Current master password</source>
        <translation>当前主密码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New master password</source>
        <translation>新主密码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Repeat the new master password</source>
        <translation>再次输入新主密码</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Current password:</source>
        <translation>当前密码(&amp;C)：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;New password:</source>
        <translation>新密码(&amp;N)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Repeat new password:</source>
        <translation>重复新密码(&amp;R)：</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The new password cannot be recovered either. Backups made before today still open with the old password.</source>
        <translation>新密码同样无法找回。今天之前制作的备份仍然使用旧密码打开。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Progress of changing the password</source>
        <translation>更改密码的进度</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Change password</source>
        <translation>更改密码</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Choose a new password.</source>
        <translation>请选择一个新密码。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The two new passwords do not match.</source>
        <translation>两次输入的新密码不一致。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter your current password.</source>
        <translation>请输入您的当前密码。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Tuning the encryption to this computer…</source>
        <translation>正在根据这台计算机调整加密强度…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Saving the new password…</source>
        <translation>正在保存新密码…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The current password is wrong.</source>
        <translation>当前密码错误。</translation>
    </message>
</context>
<context>
    <name>CoreMessages</name>
    <message>
        <location filename="../../gui/i18n.py" line="+141"/>
        <source>The value must be text.</source>
        <translation>值必须是文本。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The value is empty.</source>
        <translation>值为空。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The value contains control or bidirectional-override characters.</source>
        <translation>值中包含控制字符或双向覆盖字符。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A date must be written as YYYY-MM-DD.</source>
        <translation>日期必须写成 YYYY-MM-DD 的格式。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This is not a number.</source>
        <translation>这不是一个数字。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This is not a finite number.</source>
        <translation>这不是一个有限的数字。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This is not an e-mail address (name@example.org).</source>
        <translation>这不是电子邮件地址（name@example.org）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A phone number may contain digits, spaces, +, -, ( and ).</source>
        <translation>电话号码只能包含数字、空格、+、-、( 和 )。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A country is a two-letter ISO 3166 code, such as DE or CN.</source>
        <translation>国家是两个字母的 ISO 3166 代码，例如 DE 或 CN。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use yes or no.</source>
        <translation>请使用“是”或“否”。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A field name must start with a letter or digit and use only letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos; (at most 64 characters).</source>
        <translation>字段名称必须以字母或数字开头，只能使用字母、数字、“.”、“_”或“-”（最多 64 个字符）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Use at least 8 characters.</source>
        <translation>请至少使用 8 个字符。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use more different characters.</source>
        <translation>请使用更多不同的字符。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The vault is locked. Unlock it first.</source>
        <translation>保险库已锁定。请先解锁。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The vault is open in another window or program. Close it there first.</source>
        <translation>保险库已在另一个窗口或程序中打开。请先在那里关闭它。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The head file&apos;s signature is invalid: it was edited.</source>
        <translation>头文件的签名无效：它被修改过。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The head file belongs to a different vault.</source>
        <translation>头文件属于另一个保险库。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The database does not belong to this vault&apos;s key file.</source>
        <translation>数据库与此保险库的密钥文件不匹配。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The vault database (vault.db) is missing. Restore from a backup.</source>
        <translation>保险库数据库（vault.db）缺失。请从备份恢复。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The vault database is damaged or has been tampered with (its encryption check failed). Nothing was read from the damaged part. Restore from a backup.</source>
        <translation>保险库数据库已损坏或被篡改（其加密校验失败）。未从损坏部分读取任何内容。请从备份恢复。</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../gui/errors.py" line="-52"/>
        <source>Not allowed</source>
        <translation>不允许</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The vault&apos;s integrity is in question</source>
        <translation>保险库的完整性存疑</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A problem on this computer</source>
        <translation>这台计算机上的问题</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This would overwrite something</source>
        <translation>这会覆盖已有内容</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not found</source>
        <translation>未找到</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Refused by your rules</source>
        <translation>被您的规则拒绝</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The message is not valid</source>
        <translation>消息无效</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cannot do that</source>
        <translation>无法执行此操作</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The password is wrong.</source>
        <translation>密码错误。</translation>
    </message>
</context>
<context>
    <name>FieldEditorDialog</name>
    <message>
        <location filename="../../gui/dialogs/field_editor.py" line="+78"/>
        <source>Edit field</source>
        <translation>编辑字段</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Add a field</source>
        <translation>添加字段</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Field name</source>
        <translation>字段名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>for example: email, date_of_birth</source>
        <translation>例如：email、date_of_birth</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+2"/>
        <location line="+4"/>
        <location line="+6"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Category:</source>
        <translation>类别(&amp;C)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Type:</source>
        <translation>类型(&amp;T)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Value:</source>
        <translation>值(&amp;V)：</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Source:</source>
        <translation>来源：</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>A field&apos;s name cannot change; add a new field instead.</source>
        <translation>字段名称不能更改；请改为添加一个新字段。</translation>
    </message>
    <message>
        <location line="+72"/>
        <source>For example: name@example.org</source>
        <translation>例如：name@example.org</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Digits, spaces, +, -, ( and ); for example +49 30 1234567</source>
        <translation>数字、空格、+、-、( 和 )；例如 +86 10 12345678</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Two-letter country code, such as DE, FR or CN</source>
        <translation>两个字母的国家代码，例如 DE、FR 或 CN</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A number such as 42 or 3.5</source>
        <translation>一个数字，例如 42 或 3.5</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One line per address line</source>
        <translation>地址的每一行占一行</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Unknown country code</source>
        <translation>未知的国家代码</translation>
    </message>
</context>
<context>
    <name>FieldsModel</name>
    <message>
        <location filename="../../gui/models/fields.py" line="+92"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last changed</source>
        <translation>最后修改</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>hidden value</source>
        <translation>已隐藏的值</translation>
    </message>
</context>
<context>
    <name>FieldsPage</name>
    <message>
        <location filename="../../gui/pages/fields.py" line="+54"/>
        <source>My data</source>
        <translation>我的数据</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Search names and values (Ctrl+F)</source>
        <translation>搜索名称和值（Ctrl+F）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search my data</source>
        <translation>搜索我的数据</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Add…</source>
        <translation>添加(&amp;A)…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Add a field</source>
        <translation>添加字段</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Edit…</source>
        <translation>编辑(&amp;E)…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Edit the selected field</source>
        <translation>编辑所选字段</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Delete the selected field</source>
        <translation>删除所选字段</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Copy value</source>
        <translation>复制值(&amp;C)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Copy the selected value</source>
        <translation>复制所选的值</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+220"/>
        <source>&amp;Show values</source>
        <translation>显示值(&amp;S)</translation>
    </message>
    <message>
        <location line="-219"/>
        <location line="+220"/>
        <source>Show values</source>
        <translation>显示值</translation>
    </message>
    <message>
        <location line="-209"/>
        <source>Categories</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Fields</source>
        <translation>字段</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Add your first field…</source>
        <translation>添加您的第一个字段…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add your first field</source>
        <translation>添加您的第一个字段</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+77"/>
        <source>All categories</source>
        <translation>所有类别</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>You have not added any data yet.
Add the details organisations usually ask you for; they stay encrypted on this computer.</source>
        <translation>您还没有添加任何数据。
请添加机构通常会向您索取的信息；它们会加密保存在这台计算机上。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No field matches your search.</source>
        <translation>没有与搜索匹配的字段。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No fields in this category yet.</source>
        <translation>此类别中还没有字段。</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>%n field(s) match.</source>
        <translation>
            <numerusform>%n 个字段匹配。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Showing the first %1; refine the search to see others.</source>
        <translation>仅显示前 %1 个；请细化搜索以查看其他结果。</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n field(s) in this vault.</source>
        <translation>
            <numerusform>此保险库中有 %n 个字段。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+41"/>
        <source>&amp;Hide values</source>
        <translation>隐藏值(&amp;H)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hide values</source>
        <translation>隐藏值</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Delete field</source>
        <translation>删除字段</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the field “%1”? Its value is removed from the vault; the history keeps a record that it was deleted, without the value.</source>
        <translation>删除字段“%1”？它的值将从保险库中移除；历史记录会保留一条删除记录，但不包含值。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>Copied the value of “%1”. The clipboard will be cleared in %n second(s).</source>
        <translation>
            <numerusform>已复制“%1”的值。剪贴板将在 %n 秒后清空。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The clipboard was cleared.</source>
        <translation>剪贴板已清空。</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <location filename="../../gui/models/history.py" line="+81"/>
        <source>#</source>
        <extracomment>how an organisation id is shown; the consent screens can set a function that names known ones</extracomment>
        <translation>#</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Organisation</source>
        <translation>机构</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Purpose</source>
        <translation>目的</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Details</source>
        <translation>详情</translation>
    </message>
</context>
<context>
    <name>HistoryPage</name>
    <message>
        <location filename="../../gui/pages/history.py" line="+59"/>
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Everything that happened in this vault, newest first. Entries are chained and signed, so a change to any of them is detected by “Verify history”.</source>
        <translation>此保险库中发生的一切，最新的在前。各条目相互链接并经过签名，因此任何改动都会被“验证历史记录”发现。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Organisation filter</source>
        <translation>机构筛选</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Event filter</source>
        <translation>事件筛选</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Field filter</source>
        <translation>字段筛选</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Filter from a date</source>
        <translation>从某个日期开始筛选</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>From date</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>To</source>
        <translation>到</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Filter up to a date</source>
        <translation>筛选到某个日期为止</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>To date</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Reset filters</source>
        <translation>重置筛选(&amp;R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reset filters</source>
        <translation>重置筛选</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Organisation:</source>
        <translation>机构：</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Event:</source>
        <translation>事件：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Field:</source>
        <translation>字段：</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Activity per organisation</source>
        <translation>各机构的活动</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>What the chart counts</source>
        <translation>图表统计的内容</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All events</source>
        <translation>所有事件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Data releases only</source>
        <translation>仅数据发布</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>History entries</source>
        <translation>历史记录条目</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Number of entries</source>
        <translation>条目数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Verify history</source>
        <translation>验证历史记录(&amp;V)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Verify history</source>
        <translation>验证历史记录</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Verification progress</source>
        <translation>验证进度</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>E&amp;xport</source>
        <translation>导出(&amp;X)</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+222"/>
        <source>Export the history</source>
        <translation>导出历史记录</translation>
    </message>
    <message>
        <location line="-219"/>
        <source>As CSV (signed)…</source>
        <translation>导出为 CSV（带签名）…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>As JSON (signed)…</source>
        <translation>导出为 JSON（带签名）…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>As a PDF report…</source>
        <translation>导出为 PDF 报告…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Verification result</source>
        <translation>验证结果</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Any organisation</source>
        <translation>任意机构</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Any event</source>
        <translation>任意事件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Problems only (violations, rejected requests)</source>
        <translation>仅问题（违规、被拒绝的请求）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Any field</source>
        <translation>任意字段</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Counting…</source>
        <translation>正在计数…</translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>%n entry(s)</source>
        <translation>
            <numerusform>%n 条</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n matching entry(s)</source>
        <translation>
            <numerusform>%n 条匹配</numerusform>
        </translation>
    </message>
    <message>
        <location line="+66"/>
        <source>Verifying the history…</source>
        <translation>正在验证历史记录…</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>✔ The history is intact: %1 entries and %2 signed checkpoints checked in %3 s.</source>
        <translation>✔ 历史记录完好：在 %3 秒内检查了 %1 个条目和 %2 个签名检查点。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>First bad entry: #%1. </source>
        <translation>第一个有问题的条目：#%1。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>✘ The history failed verification. </source>
        <translation>✘ 历史记录未通过验证。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>JSON files (*.json)</source>
        <translation>JSON 文件 (*.json)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>The history was saved to %1.
Its signature is in %2; anyone can use it to check that the file was not changed.</source>
        <translation>历史记录已保存到 %1。
其签名位于 %2；任何人都可以用它来检查文件是否被改动过。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The report was saved to %1.</source>
        <translation>报告已保存到 %1。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export finished</source>
        <translation>导出完成</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <location filename="../../gui/pages/home.py" line="+50"/>
        <source>Welcome to your vault</source>
        <translation>欢迎使用您的保险库</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>1. Add your data</source>
        <translation>1. 添加您的数据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Put in the details organisations usually ask you for: name, date of birth, e-mail, address. They stay encrypted on this computer and leave it only when you approve a request.</source>
        <translation>填入机构通常会向您索取的信息：姓名、出生日期、电子邮件、地址。它们加密保存在这台计算机上，只有在您批准请求时才会离开。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Add a field…</source>
        <translation>添加字段…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>2. Import a request</source>
        <translation>2. 导入请求</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>When an organisation wants some of your data, it sends you a request file or a pdv: link. Open it here to see who asks, why and for how long, and decide field by field.</source>
        <translation>当某个机构需要您的部分数据时，它会向您发送请求文件或 pdv: 链接。在这里打开它，查看是谁在请求、为什么以及需要多长时间，并逐个字段做出决定。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Import a request…</source>
        <translation>导入请求…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Keep a backup</source>
        <translation>保留备份</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A backup is encrypted with your master password. Keep one on another disk, so a broken computer does not take your vault with it.</source>
        <translation>备份使用您的主密码加密。请在另一块磁盘上保留一份，这样计算机损坏时您的保险库不会随之丢失。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Back up now…</source>
        <translation>立即备份…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>See what happened</source>
        <translation>查看发生了什么</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Every change and every release of data is recorded in a tamper-evident history that you can verify and export.</source>
        <translation>每一次更改和每一次数据发布都会记录在防篡改的历史记录中，您可以验证并导出它。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open the history</source>
        <translation>打开历史记录</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>3. Keep a backup</source>
        <translation>3. 保留备份</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>2. Keep a backup</source>
        <translation>2. 保留备份</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>Lock the vault with Ctrl+L when you step away. It also locks itself after %n minute(s) without use.</source>
        <translation>
            <numerusform>离开时请按 Ctrl+L 锁定保险库。闲置 %n 分钟后它也会自动锁定。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Lock the vault with Ctrl+L when you step away. Locking after a time without use is turned off in Settings.</source>
        <translation>离开时请按 Ctrl+L 锁定保险库。闲置自动锁定已在设置中关闭。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Your vault is ready and empty. Here is what to do first.</source>
        <translation>您的保险库已准备就绪，目前是空的。下面是首先要做的事情。</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>You keep %n field(s) in this vault.</source>
        <translation>
            <numerusform>您在此保险库中保存了 %n 个字段。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>The history holds %n entry(s).</source>
        <translation>
            <numerusform>历史记录中有 %n 个条目。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../gui/i18n.py" line="-107"/>
        <source>Identity</source>
        <translation>身份</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contact</source>
        <translation>联系方式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Demographic</source>
        <translation>人口统计</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Financial</source>
        <translation>财务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Health</source>
        <translation>健康</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Location</source>
        <translation>位置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Professional</source>
        <translation>职业</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Behavioural</source>
        <translation>行为</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Biometric</source>
        <translation>生物特征</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Number</source>
        <translation>数字</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E-mail address</source>
        <translation>电子邮件地址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phone number</source>
        <translation>电话号码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Postal address</source>
        <translation>邮寄地址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Postcode</source>
        <translation>邮政编码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Country</source>
        <translation>国家或地区</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Identifier</source>
        <translation>标识号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Yes / no</source>
        <translation>是 / 否</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Provided by you</source>
        <translation>由您提供</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>an organisation</source>
        <translation>某个机构</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Verified by %1</source>
        <translation>由 %1 核实</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unnamed sources</source>
        <translation>未注明的来源</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Derived by %1 from %2</source>
        <translation>由 %1 根据 %2 推导</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Vault created</source>
        <translation>保险库已创建</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vault restored from a backup</source>
        <translation>已从备份恢复保险库</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Master password changed</source>
        <translation>主密码已更改</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vault re-encrypted</source>
        <translation>保险库已重新加密</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Backup created</source>
        <translation>已创建备份</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Database accepted as it is</source>
        <translation>已按现状接受数据库</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Field added</source>
        <translation>已添加字段</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Field changed</source>
        <translation>已更改字段</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Field deleted</source>
        <translation>已删除字段</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>History exported</source>
        <translation>已导出历史记录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Request received</source>
        <translation>已收到请求</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Request rejected (invalid)</source>
        <translation>请求被拒收（无效）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Request refused automatically</source>
        <translation>请求被自动拒绝</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Request flagged</source>
        <translation>请求被标记</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Request approved</source>
        <translation>请求已批准</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Request partly approved</source>
        <translation>请求已部分批准</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Request refused</source>
        <translation>请求已拒绝</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Request expired</source>
        <translation>请求已过期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Data released (grant issued)</source>
        <translation>已发布数据（已签发授权）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grant revoked</source>
        <translation>授权已撤销</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grant expired</source>
        <translation>授权已过期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grant replaced</source>
        <translation>授权已被替换</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Verification answered</source>
        <translation>已答复核实请求</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Derived data held for review</source>
        <translation>推导数据待审阅</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Derived data authorised</source>
        <translation>推导数据已授权</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Derived data refused</source>
        <translation>推导数据已拒绝</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Receipt imported</source>
        <translation>已导入回执</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Violation flagged</source>
        <translation>已标记违规</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Organisation added</source>
        <translation>已添加机构</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Organisation status changed</source>
        <translation>机构状态已更改</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trust list imported</source>
        <translation>已导入信任列表</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Standing rules changed</source>
        <translation>常设规则已更改</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Erasure requested</source>
        <translation>已请求删除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Erasure confirmed</source>
        <translation>已确认删除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status list exported</source>
        <translation>已导出状态列表</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Evidence exported</source>
        <translation>已导出证据</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../gui/mainwindow.py" line="+102"/>
        <source>Sections</source>
        <extracomment>request files / pdv: links waiting for an import handler (the consent engine) and an unlocked vault</extracomment>
        <translation>栏目</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Lock</source>
        <translation>锁定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lock the vault</source>
        <translation>锁定保险库</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lock the vault (Ctrl+L)</source>
        <translation>锁定保险库（Ctrl+L）</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>My data</source>
        <translation>我的数据</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location line="+97"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Back up the vault…</source>
        <translation>备份保险库(&amp;B)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Restore a backup…</source>
        <translation>恢复备份(&amp;R)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Lock</source>
        <translation>锁定(&amp;L)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;About Personal Data Vault</source>
        <translation>关于个人数据保险库(&amp;A)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Personal Data Vault</source>
        <translation>个人数据保险库</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 (demo)</source>
        <translation>%1（演示）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Create your vault — %1</source>
        <translation>创建您的保险库 — %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Locked — %1</source>
        <translation>已锁定 — %1</translation>
    </message>
    <message>
        <location line="+77"/>
        <source>Back up the vault</source>
        <translation>备份保险库</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Personal Data Vault backup (*.pdvbackup)</source>
        <translation>个人数据保险库备份 (*.pdvbackup)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Backup saved</source>
        <translation>备份已保存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The backup was saved to %1. It opens with the master password you use today.</source>
        <translation>备份已保存到 %1。它使用您当前的主密码打开。</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Backup restored</source>
        <translation>备份已恢复</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The backup was restored and checked.</source>
        <translation>备份已恢复并通过检查。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>About Personal Data Vault</source>
        <translation>关于个人数据保险库</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Personal Data Vault %1

Keeps your personal data encrypted on your own computer and releases it only with your signed, scoped consent. Every release is recorded in a tamper-evident history.</source>
        <translation>个人数据保险库 %1

将您的个人数据加密保存在您自己的计算机上，只有在您签署了限定范围的同意后才会发布。每一次发布都会记录在防篡改的历史记录中。</translation>
    </message>
</context>
<context>
    <name>Report</name>
    <message>
        <location filename="../../gui/report.py" line="+65"/>
        <source>The history is intact.</source>
        <translation>历史记录完好。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 entries and %2 signed checkpoints were checked.</source>
        <translation>已检查 %1 个条目和 %2 个签名检查点。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The history failed verification.</source>
        <translation>历史记录未通过验证。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Organisation</source>
        <translation>机构</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Purpose</source>
        <translation>目的</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Entries matching the filter: %1 of %2.</source>
        <translation>符合筛选条件的条目：%1 / %2。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Entries: %1.</source>
        <translation>条目：%1。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This report lists the newest %1 entries. Export the history as CSV or JSON for all of them.</source>
        <translation>本报告列出最新的 %1 个条目。如需全部条目，请将历史记录导出为 CSV 或 JSON。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Personal Data Vault: history report</source>
        <translation>个人数据保险库：历史记录报告</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Created: %1</source>
        <translation>创建时间：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vault identity: %1</source>
        <translation>保险库身份：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Head of the chain: entry %1, hash %2</source>
        <translation>链头：条目 %1，哈希 %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Verification</source>
        <translation>验证</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Entries</source>
        <translation>条目</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The history records what happened to your data, never the values themselves.</source>
        <translation>历史记录只记录您的数据发生了什么，从不记录值本身。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>History report</source>
        <translation>历史记录报告</translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <location filename="../../gui/dialogs/restore.py" line="+42"/>
        <source>Restore a backup</source>
        <translation>恢复备份</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Choose a backup file and enter the master password that was in use when the backup was made.</source>
        <translation>请选择一个备份文件，并输入制作该备份时使用的主密码。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Backup file</source>
        <translation>备份文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose the backup file</source>
        <translation>选择备份文件</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Backup &amp;file:</source>
        <translation>备份文件(&amp;F)：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The backup&apos;s master password</source>
        <translation>备份的主密码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+1"/>
        <source>Replace the vault in this folder</source>
        <translation>替换此文件夹中的保险库</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A vault already exists in %1. Restoring replaces it with the backup; its current files are kept beside it with a .replaced suffix, so nothing is deleted.</source>
        <translation>%1 中已经有一个保险库。恢复会用备份替换它；其当前文件会以 .replaced 后缀保留在旁边，因此不会删除任何内容。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Choose a backup</source>
        <translation>选择备份</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Choose an existing backup file.</source>
        <translation>请选择一个已存在的备份文件。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter the backup&apos;s password.</source>
        <translation>请输入备份的密码。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Confirm that the vault in this folder may be replaced.</source>
        <translation>请确认可以替换此文件夹中的保险库。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The password is wrong for this backup.</source>
        <translation>此备份的密码错误。</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../gui/pages/settings.py" line="+42"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Security</source>
        <translation>安全</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Lock after minutes without use</source>
        <translation>闲置多少分钟后锁定</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Never</source>
        <translation>从不</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Lock after no use for:</source>
        <translation>闲置后锁定(&amp;L)：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Clear copied values after seconds</source>
        <translation>多少秒后清除已复制的值</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+8"/>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>&amp;Clear copied values after:</source>
        <translation>清除已复制的值(&amp;C)：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Password hardening target in seconds</source>
        <translation>密码加固目标（秒）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Password &amp;hardening:</source>
        <translation>密码加固(&amp;H)：</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Change master &amp;password…</source>
        <translation>更改主密码(&amp;P)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Change master password</source>
        <translation>更改主密码</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Requests and language</source>
        <translation>请求与语言</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No folder chosen</source>
        <translation>未选择文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Inbox folder</source>
        <translation>收件文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>C&amp;hoose…</source>
        <translation>选择(&amp;H)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+69"/>
        <source>Choose the inbox folder</source>
        <extracomment>sections other parts of the app add (the consent engine&apos;s standing rules) go before the stretch</extracomment>
        <translation>选择收件文件夹</translation>
    </message>
    <message>
        <location line="-67"/>
        <source>Clea&amp;r</source>
        <translation>清除(&amp;R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop using an inbox folder</source>
        <translation>停止使用收件文件夹</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Inbox folder:</source>
        <translation>收件文件夹(&amp;I)：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The folder where request files from organisations arrive.</source>
        <translation>机构发来的请求文件所在的文件夹。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Lan&amp;guage:</source>
        <translation>语言(&amp;G)：</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>The new language is used the next time you start the app.</source>
        <translation>新语言将在下次启动应用时生效。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Each guess at your password costs about %1 s of computing on this computer. Higher is safer but makes unlocking slower. A change applies when you next change the master password (you may re-enter the same one).</source>
        <translation>在这台计算机上，每猜测一次密码大约需要 %1 秒的计算。数值越高越安全，但解锁也越慢。更改会在您下次更改主密码时生效（您可以重新输入相同的密码）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Last unlock on this computer: the password check took %1 s.</source>
        <translation>上次在这台计算机上解锁时，密码校验用了 %1 秒。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Password changed</source>
        <translation>密码已更改</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The master password was changed. Use the new one from now on.</source>
        <translation>主密码已更改。从现在起请使用新密码。</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <location filename="../../gui/setup.py" line="+99"/>
        <source>Create your vault</source>
        <translation>创建您的保险库</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your personal data will be kept encrypted on this computer. Choose a master password: you will need it every time you open the vault.</source>
        <translation>您的个人数据将加密保存在这台计算机上。请选择一个主密码：每次打开保险库时都需要它。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Master password</source>
        <translation>主密码</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Repeat the master password</source>
        <translation>再次输入主密码</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Show password</source>
        <translation>显示密码</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Master password:</source>
        <translation>主密码(&amp;M)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Repeat it:</source>
        <translation>再输入一次(&amp;R)：</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Nobody can recover this password: not us, not a helpdesk. If you forget it, everything in this vault is lost, and so are backups made with it. Write it down and keep it somewhere safe.</source>
        <translation>没有人能找回这个密码：我们不能，客服也不能。如果您忘记了它，此保险库中的一切都会丢失，用它制作的备份也一样。请把它写下来，并保存在安全的地方。</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+1"/>
        <source>I understand that nobody can recover this password</source>
        <translation>我明白没有人能找回这个密码</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Restore a backup instead…</source>
        <translation>改为恢复备份…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Restore a backup instead</source>
        <translation>改为恢复备份</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Create vault</source>
        <translation>创建保险库(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Create vault</source>
        <translation>创建保险库</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Choose a master password.</source>
        <translation>请选择一个主密码。</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+11"/>
        <source>The two passwords do not match.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>Repeat the password to make sure it has no typing mistake.</source>
        <translation>请再输入一次密码，以确保没有输入错误。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Confirm that you understand the password cannot be recovered.</source>
        <translation>请确认您明白密码无法找回。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Creating your vault…</source>
        <translation>正在创建您的保险库…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Progress of creating the vault</source>
        <translation>创建保险库的进度</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The app measures how fast this computer is, so that opening the vault takes about half a second here but guessing the password would take an attacker a very long time.</source>
        <translation>应用会测量这台计算机的速度，使得在这里打开保险库大约需要半秒钟，而攻击者猜测密码则需要非常长的时间。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Step 1 of 2: tuning the encryption to this computer…</source>
        <translation>第 1 步（共 2 步）：正在根据这台计算机调整加密强度…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Step 2 of 2: creating the encrypted vault…</source>
        <translation>第 2 步（共 2 步）：正在创建加密的保险库…</translation>
    </message>
</context>
<context>
    <name>StrengthMeter</name>
    <message>
        <location filename="../../gui/widgets/strength_meter.py" line="+24"/>
        <source>Password strength</source>
        <translation>密码强度</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Advice about the password</source>
        <translation>关于密码的建议</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Very weak</source>
        <translation>非常弱</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Weak</source>
        <translation>弱</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Fair</source>
        <translation>一般</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Good</source>
        <translation>良好</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Strong</source>
        <translation>强</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No password yet</source>
        <translation>尚未输入密码</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Easy to guess. Add more words or characters; a short sentence works well.</source>
        <translation>容易被猜到。请增加更多单词或字符；一个简短的句子效果很好。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Acceptable. A longer password, such as four unrelated words, is safer.</source>
        <translation>可以接受。更长的密码（例如四个互不相关的单词）更安全。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Good choice. Make sure you can remember it.</source>
        <translation>不错的选择。请确保您能记住它。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Estimated strength: about %1 bits.</source>
        <translation>估计强度：约 %1 比特。</translation>
    </message>
</context>
<context>
    <name>UnlockWidget</name>
    <message>
        <location filename="../../gui/unlock.py" line="+34"/>
        <source>Your vault is locked</source>
        <translation>您的保险库已锁定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter your master password to open it.</source>
        <translation>请输入主密码以打开它。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>This is a throwaway demo vault with invented data; it is deleted when you quit. Its password is: %1</source>
        <translation>这是一个包含虚构数据的临时演示保险库；退出时会被删除。它的密码是：%1</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+1"/>
        <source>Master password</source>
        <translation>主密码</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+64"/>
        <source>&amp;Unlock</source>
        <translation>解锁(&amp;U)</translation>
    </message>
    <message>
        <location line="-63"/>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+1"/>
        <source>Show password</source>
        <translation>显示密码</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Unlock error</source>
        <translation>解锁错误</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Restore a backup…</source>
        <translation>恢复备份…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Restore a backup</source>
        <translation>恢复备份</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Vault folder: %1</source>
        <translation>保险库文件夹：%1</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Unlocking…</source>
        <translation>正在解锁…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Enter your master password.</source>
        <translation>请输入您的主密码。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The password is wrong.</source>
        <translation>密码错误。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The vault cannot be opened safely</source>
        <translation>无法安全地打开保险库</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The vault cannot be opened</source>
        <translation>无法打开保险库</translation>
    </message>
</context>
</TS>
