<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ActivityChart</name>
    <message>
        <location filename="../../gui/widgets/chart.py" line="+86"/>
        <source>Activity over time</source>
        <extracomment>start of each bar (ms), in order series key (org id, OWN or OTHERS) -&gt; count per bar</extracomment>
        <translation>随时间的活动</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1 events in %2 bars</source>
        <translation>%2 个柱中共 %1 个事件</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Your own actions</source>
        <translation>您自己的操作</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Other organisations</source>
        <translation>其他机构</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>No activity to show for this filter.</source>
        <translation>此筛选条件下没有可显示的活动。</translation>
    </message>
</context>
<context>
    <name>BugDialog</name>
    <message>
        <location filename="../../gui/errors.py" line="+85"/>
        <source>Something went wrong</source>
        <translation>出现问题</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The app ran into a bug and could not finish what you asked. Your vault was not changed by the failed step.

The details below say only where in the program it happened; they contain none of your data. Nothing is sent anywhere: if you want to report it, copy the details yourself.</source>
        <translation>应用遇到了一个程序错误，未能完成您要求的操作。失败的这一步没有改动您的保险库。

下面的详细信息只说明错误发生在程序的哪个位置，不包含您的任何数据。不会向任何地方发送任何内容：如果您想报告此问题，请自行复制这些详细信息。</translation>
    </message>
    <message>
        <location line="+11"/>
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
    <name>CertifierDialog</name>
    <message>
        <location filename="../../gui/pages/organisations.py" line="+66"/>
        <source>Trust a certifier</source>
        <translation>信任认证机构</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Certifier name</source>
        <translation>认证机构名称</translation>
    </message>
    <message>
        <location line="-13"/>
        <source>A certifier checks organisations and publishes signed lists of which ones protect personal data. Trust only certifiers you know; their lists then decide which organisations count as compliant. Copy the certifier&apos;s identity code from its web site.</source>
        <translation>认证机构会审查各机构，并发布签名名单，列出哪些机构保护个人数据。请只信任您了解的认证机构；它们的名单将决定哪些机构算作合规。请从认证机构的网站上复制它的身份代码。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Paste the code from the certifier&apos;s web site</source>
        <translation>粘贴认证机构网站上的代码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Certifier&apos;s identity code</source>
        <translation>认证机构的身份代码</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Identity code:</source>
        <translation>身份代码(&amp;I)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Trust</source>
        <translation>信任(&amp;T)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Paste the certifier&apos;s identity code, whole, as its web site shows it, and give it a name.</source>
        <translation>请完整粘贴认证机构网站上显示的身份代码，并为它起一个名称。</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <location filename="../../gui/dialogs/change_password.py" line="+40"/>
        <source>Change the master password</source>
        <translation>更改主密码</translation>
    </message>
    <message>
        <location line="+9"/>
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
        <location line="+5"/>
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
        <location line="+7"/>
        <source>The new password cannot be recovered either. Changing it does not shut out a copy of the old key file or a backup made before today: with the old password they still open this vault.</source>
        <translation>新密码同样无法找回。更改密码并不能阻止旧密钥文件的副本或今天之前做的备份：配合旧密码，它们仍能打开此保险库。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>My password may have &amp;leaked: also replace the data key</source>
        <translation>我的密码可能已泄露：同时更换数据密钥(&amp;L)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>My password may have leaked</source>
        <translation>我的密码可能已泄露</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Re-encrypts the whole vault with a new data key, so that an old key file or an old backup opened with the old password no longer opens it. Takes longer for a large vault.</source>
        <translation>用新的数据密钥重新加密整个保险库，这样用旧密码打开的旧密钥文件或旧备份将无法再打开它。保险库较大时需要更长时间。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Progress of changing the password</source>
        <translation>更改密码的进度</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Change password</source>
        <translation>更改密码</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Choose a new password.</source>
        <translation>请选择一个新密码。</translation>
    </message>
    <message>
        <location line="+3"/>
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
        <location line="+11"/>
        <source>Re-encrypting the vault with a new data key…</source>
        <translation>正在用新的数据密钥重新加密保险库…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Saving the new password…</source>
        <translation>正在保存新密码…</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>The current password is wrong.</source>
        <translation>当前密码错误。</translation>
    </message>
</context>
<context>
    <name>ConsentUi</name>
    <message>
        <location filename="../../gui/consent_ui.py" line="+42"/>
        <source>The pdv: link</source>
        <translation>该 pdv: 链接</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The file does not exist (any more).</source>
        <translation>该文件不存在（或已被删除）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The file could not be read.</source>
        <translation>无法读取该文件。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 was not accepted. %2</source>
        <translation>%1 未被接受。%2</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Inbox</source>
        <translation>收件箱</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Grants</source>
        <translation>授权</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Organisations</source>
        <translation>机构</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Personal Data Vault messages (*.pdvreq *.pdvreceipt *.pdvtrust *.pdvgrant *.pdvmsg *.jwt);;All files (*)</source>
        <translation>个人数据保险库消息 (*.pdvreq *.pdvreceipt *.pdvtrust *.pdvgrant *.pdvmsg *.jwt);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+80"/>
        <source>Not imported</source>
        <translation>未导入</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Some items not imported</source>
        <translation>部分项目未导入</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Each refusal is recorded in your history.</source>
        <translation>每次拒绝都记录在您的历史中。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 from %2 was refused automatically: %3</source>
        <translation>来自 %2 的%1已被自动拒绝：%3</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 from %2 is waiting for your review.</source>
        <translation>来自 %2 的%1正在等待您审阅。</translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>Usage receipt from %1 filed: %n problem(s) found. See the grant on the Grants page.</source>
        <translation>
            <numerusform>已存档来自 %1 的使用回执：发现 %n 个问题。请在“授权”页面查看该授权。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Usage receipt from %1 filed: the reported use is within your grant.</source>
        <translation>已存档来自 %1 的使用回执：所报告的使用在您的授权范围内。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Certifier&apos;s list from %1 imported.</source>
        <translation>已导入认证机构 %1 的名单。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 answered your erasure request.</source>
        <translation>%1 已答复您的删除请求。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This is a grant you gave to %1; it is shown on the Grants page. Nothing was imported.</source>
        <translation>这是您给予%1的授权，已在“授权”页面中显示。未导入任何内容。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 imported.</source>
        <translation>已导入 %1。</translation>
    </message>
</context>
<context>
    <name>CoreMessages</name>
    <message>
        <location filename="../../gui/i18n.py" line="+210"/>
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
        <location line="+5"/>
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
        <source>This password is among the first an attacker tries (a common word, a run such as 1234 or abcd, or a repeat). Add more words or characters.</source>
        <translation>攻击者最先尝试的就是这类密码（常见单词、1234 或 abcd 这样的连续字符，或重复字符）。请增加更多单词或字符。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The vault is locked. Unlock it first.</source>
        <translation>保险库已锁定。请先解锁。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The vault is open in another window or program. Close it there first.</source>
        <translation>保险库已在另一个窗口或程序中打开。请先在那里关闭它。</translation>
    </message>
    <message>
        <location line="+3"/>
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
    <name>CorrectionDialog</name>
    <message>
        <location filename="../../gui/dialogs/verification.py" line="+86"/>
        <source>Correct my record</source>
        <translation>更正我的记录</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This changes only your own vault. The organisation does not receive the new value from here: if it needs it, it must ask for it in a normal request, which you then approve.</source>
        <translation>这只会修改您自己的保险库。该机构不会从这里收到新的值：如果它需要，必须通过正常请求来索取，再由您批准。</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../gui/errors.py" line="-57"/>
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
    <name>FieldChoice</name>
    <message>
        <location filename="../../gui/dialogs/review.py" line="+157"/>
        <source>Technical name: %1</source>
        <translation>技术名称：%1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Choice for %1</source>
        <translation>%1 的选择</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Authorise its use</source>
        <translation>授权使用</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Release exactly</source>
        <translation>原样发布</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Release anonymised</source>
        <translation>匿名化发布</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Withhold</source>
        <translation>保留不发</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Do not authorise</source>
        <translation>不授权</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The organisation says why: “%1”</source>
        <translation>该机构说明的原因：“%1”</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Anonymisation method for %1</source>
        <translation>%1 的匿名化方法</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Method:</source>
        <translation>方法(&amp;M)：</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>What leaves for %1</source>
        <translation>%1 将发出的内容</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>You have no such field in your vault, so it can only be withheld.</source>
        <translation>您的保险库中没有这个字段，因此只能保留不发。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your rules never release this kind of data: it is withheld.</source>
        <translation>您的规则从不发布此类数据：它将被保留不发。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your rules allow this kind of data to leave only anonymised.</source>
        <translation>您的规则只允许此类数据以匿名化形式离开。</translation>
    </message>
    <message>
        <location line="+99"/>
        <source>a number</source>
        <translation>一个数字</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Not authorised: the organisation may not use this conclusion.</source>
        <translation>未授权：该机构不得使用这项结论。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not sent: the organisation will not receive this field.</source>
        <translation>不发送：该机构不会收到此字段。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>None of your data is sent. The grant lets the organisation use its own conclusion; it must anonymise it again before any further use.</source>
        <translation>不会发送您的任何数据。该授权允许机构使用它自己的结论；在任何进一步使用之前，它必须再次进行匿名化。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Will be sent: %1</source>
        <translation>将发送：%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Working out what would be sent…</source>
        <translation>正在计算将发送的内容…</translation>
    </message>
</context>
<context>
    <name>FieldEditorDialog</name>
    <message>
        <location filename="../../gui/dialogs/field_editor.py" line="+81"/>
        <source>Edit field</source>
        <translation>编辑字段</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Add a field</source>
        <translation>添加字段</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Field name</source>
        <translation>字段名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>for example: Email address, Tax ID, Date of birth</source>
        <translation>例如：电子邮件地址、税号、出生日期</translation>
    </message>
    <message>
        <location line="+12"/>
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
        <location line="+3"/>
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
        <location line="+20"/>
        <source>Organisations ask for this field as “%1”; that stays the same when you rename it.</source>
        <translation>机构以“%1”索取此字段；重命名后它保持不变。</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Technical name (what organisations ask for): %1</source>
        <translation>技术名称（机构索取时使用）：%1</translation>
    </message>
    <message>
        <location line="+64"/>
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
        <location line="+16"/>
        <source>Unknown country code</source>
        <translation>未知的国家代码</translation>
    </message>
</context>
<context>
    <name>Fields</name>
    <message>
        <location filename="../../gui/field_words.py" line="+20"/>
        <source>Given name</source>
        <extracomment>the catalogue&apos;s labels, listed so that lupdate collects them (a test checks that none is missing)</extracomment>
        <translation>名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Family name</source>
        <translation>姓</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Full name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nickname</source>
        <translation>昵称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Date of birth</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Place of birth</source>
        <translation>出生地</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nationality</source>
        <translation>国籍</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Marital status</source>
        <translation>婚姻状况</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Household size</source>
        <translation>家庭人数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>National ID number</source>
        <translation>身份证号码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Passport number</source>
        <translation>护照号码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Driving licence number</source>
        <translation>驾驶证号码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tax ID</source>
        <translation>税号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Email address</source>
        <translation>电子邮件地址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Work email address</source>
        <translation>工作电子邮件地址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phone number</source>
        <translation>电话号码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mobile phone number</source>
        <translation>手机号码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Web site</source>
        <translation>网站</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Home address</source>
        <translation>住址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Postcode</source>
        <translation>邮政编码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>City</source>
        <translation>城市</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Country of residence</source>
        <translation>居住国家</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bank account (IBAN)</source>
        <translation>银行账户（IBAN）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Annual income</source>
        <translation>年收入</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Payment card number</source>
        <translation>支付卡号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Blood type</source>
        <translation>血型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Organ donor</source>
        <translation>器官捐献者</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Employer</source>
        <translation>雇主</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Job title</source>
        <translation>职位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Education</source>
        <translation>教育程度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Newsletter subscription</source>
        <translation>订阅新闻通讯</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fingerprint enrolled</source>
        <translation>已登记指纹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Library card number</source>
        <translation>借书证号</translation>
    </message>
</context>
<context>
    <name>FieldsModel</name>
    <message>
        <location filename="../../gui/models/fields.py" line="+99"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last changed</source>
        <translation>最后修改</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>hidden value</source>
        <translation>已隐藏的值</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 (technical name: %2)</source>
        <translation>%1（技术名称：%2）</translation>
    </message>
</context>
<context>
    <name>FieldsPage</name>
    <message>
        <location filename="../../gui/pages/fields.py" line="+56"/>
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
        <location line="+2"/>
        <source>&amp;Edit…</source>
        <translation>编辑(&amp;E)…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Edit the selected field</source>
        <translation>编辑所选字段</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Delete the selected field</source>
        <translation>删除所选字段</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Copy value</source>
        <translation>复制值(&amp;C)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Copy the selected value</source>
        <translation>复制所选的值</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+234"/>
        <source>&amp;Show values</source>
        <translation>显示值(&amp;S)</translation>
    </message>
    <message>
        <location line="-233"/>
        <location line="+234"/>
        <source>Show values</source>
        <translation>显示值</translation>
    </message>
    <message>
        <location line="-223"/>
        <source>Categories</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Fields</source>
        <translation>字段</translation>
    </message>
    <message>
        <location line="+25"/>
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
        <location line="+80"/>
        <source>All categories</source>
        <translation>所有类别</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>You have not added any data yet.
Add the details organisations usually ask you for; they stay encrypted on this computer.</source>
        <translation>您还没有添加任何数据。
请添加机构通常会向您索取的信息；它们会加密保存在这台计算机上。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No field matches your search.</source>
        <translation>没有与搜索匹配的字段。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No fields in this category yet.</source>
        <translation>此类别中还没有字段。</translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
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
        <location line="+4"/>
        <source>%n field(s) in this vault.</source>
        <translation>
            <numerusform>此保险库中有 %n 个字段。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+43"/>
        <source>&amp;Hide values</source>
        <translation>隐藏值(&amp;H)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hide values</source>
        <translation>隐藏值</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Delete field</source>
        <translation>删除字段</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete the field “%1”? Its value is removed from the vault; the history keeps a record that it was deleted, without the value.</source>
        <translation>删除字段“%1”？它的值将从保险库中移除；历史记录会保留一条删除记录，但不包含值。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message numerus="yes">
        <location line="+13"/>
        <source>Copied the value of “%1”. The clipboard will be cleared in %n second(s).</source>
        <translation>
            <numerusform>已复制“%1”的值。剪贴板将在 %n 秒后清空。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The clipboard was cleared.</source>
        <translation>剪贴板已清空。</translation>
    </message>
</context>
<context>
    <name>GrantsModel</name>
    <message>
        <location filename="../../gui/models/consent.py" line="+148"/>
        <source>Issued</source>
        <translation>签发时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Organisation</source>
        <translation>机构</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Until</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fields released</source>
        <translation>已发布的字段</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Purpose</source>
        <translation>目的</translation>
    </message>
    <message>
        <location line="+9"/>
        <source> (passed on)</source>
        <translation>（转交）</translation>
    </message>
</context>
<context>
    <name>GrantsPage</name>
    <message>
        <location filename="../../gui/pages/grants.py" line="+87"/>
        <location line="+39"/>
        <source>Grants</source>
        <translation>授权</translation>
    </message>
    <message>
        <location line="-35"/>
        <source>Every grant you signed: what each organisation received, for what and until when. Revoking a grant tells the organisation to stop using the data.</source>
        <translation>您签署的每一项授权：每个机构收到了什么、用于什么目的、有效期到何时。撤销授权即通知该机构停止使用这些数据。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Which grants to show</source>
        <translation>显示哪些授权</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Active</source>
        <translation>有效</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Revoked</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Replaced by a newer grant</source>
        <translation>已被更新的授权取代</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All grants</source>
        <translation>全部授权</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Show:</source>
        <translation>显示(&amp;S)：</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Show &amp;more</source>
        <translation>显示更多(&amp;M)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show more grants</source>
        <translation>显示更多授权</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Dismiss this note</source>
        <translation>关闭此提示</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Grant details</source>
        <translation>授权详情</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Grant ID:</source>
        <translation>授权编号：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Organisation identity (DID):</source>
        <translation>机构身份（DID）：</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Re&amp;voke…</source>
        <translation>撤销(&amp;V)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Revoke the selected grant</source>
        <translation>撤销选中的授权</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ask to &amp;erase…</source>
        <translation>请求删除(&amp;E)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ask the organisation to erase the data</source>
        <translation>请求该机构删除这些数据</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Save the &amp;grant file…</source>
        <translation>保存授权文件(&amp;G)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the grant file again</source>
        <translation>再次保存授权文件</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export evidence for a data-protection authority</source>
        <translation>为数据保护机构导出证据</translation>
    </message>
    <message numerus="yes">
        <location line="+129"/>
        <source>%n grant(s)</source>
        <extracomment>gateway addresses given in this session, per organisation (asked once, never stored)</extracomment>
        <translation>
            <numerusform>%n 项授权</numerusform>
        </translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No grants here yet. When you approve a request, the grant appears here.</source>
        <translation>这里还没有授权。批准请求后，授权会显示在这里。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No grants in this list.</source>
        <translation>此列表中没有授权。</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>: </source>
        <translation>：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Released fields:</source>
        <translation>已发布的字段：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Purpose: %1</source>
        <translation>目的：%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Kept for at most: %1</source>
        <translation>最长保存：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Issued %1; valid until %2.</source>
        <translation>签发于 %1；有效期至 %2。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Passing on: %1</source>
        <translation>转交：%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>an organisation unknown to you</source>
        <translation>一个您不认识的机构</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+8"/>
        <source>not allowed</source>
        <translation>不允许</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Further processing: %1</source>
        <translation>进一步处理：%1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Passed on under your grant to %1 of %2.</source>
        <translation>依据您在 %2 给予 %1 的授权转交而来。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Passed on to %1 under this grant (%2).</source>
        <translation>依据此授权已转交给 %1（%2）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Replaced by a newer grant after the organisation asked for a change.</source>
        <translation>在该机构请求修改后，已被更新的授权取代。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Revoked on %1.</source>
        <translation>撤销于 %1。</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>What the organisation reported doing (%n receipt(s)):</source>
        <translation>
            <numerusform>该机构报告的使用情况（%n 份回执）：</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 %2</source>
        <comment>an action and the fields it was done on</comment>
        <translation>%1%2</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The organisation has not sent any usage receipt for this grant.</source>
        <translation>该机构尚未就此授权发送任何使用回执。</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>%n problem(s) found in what the organisation reported:</source>
        <translation>
            <numerusform>在该机构报告的内容中发现 %n 个问题：</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Use “Report a violation” to export the evidence.</source>
        <translation>使用“举报违规”导出证据。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Revoke the grant</source>
        <translation>撤销授权</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Revoke the grant to %1? The organisation must stop using the data and may not keep it. Grants that passed this data on, or that cover conclusions drawn from it, are revoked too. This cannot be undone; the organisation would have to ask again.</source>
        <translation>撤销给予 %1 的授权？该机构必须停止使用这些数据，且不得保留。转交这些数据的授权，以及涵盖从中得出的结论的授权，也会一并撤销。此操作无法撤回；该机构必须重新请求。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Revoke</source>
        <translation>撤销</translation>
    </message>
    <message numerus="yes">
        <location line="+40"/>
        <source>%n more grant(s) that depended on it were revoked with it.</source>
        <translation>
            <numerusform>另有 %n 项依赖于它的授权也一并被撤销。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The organisation&apos;s gateway could not be reached; nothing was sent.</source>
        <translation>无法连接机构的网关；未发送任何内容。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the signed revocation notice to send it to the organisation now?</source>
        <translation>现在保存已签名的撤销通知，以便发送给该机构吗？</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Your grant to %1 is revoked. It is now listed under “Revoked”.</source>
        <translation>您给 %1 的授权已撤销，现在列在“已撤销”下。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Revocation notice saved to %1. Send it to %2.</source>
        <translation>撤销通知已保存到 %1。请把它发送给 %2。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Grant revoked</source>
        <translation>授权已撤销</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Save the notice…</source>
        <translation>保存通知…</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>Save the revocation notice</source>
        <translation>保存撤销通知</translation>
    </message>
    <message>
        <location line="-355"/>
        <source>&amp;Report a violation…</source>
        <translation>举报违规(&amp;R)…</translation>
    </message>
    <message>
        <location line="+205"/>
        <source>Kind of purpose: %1</source>
        <translation>目的类别：%1</translation>
    </message>
    <message>
        <location line="+152"/>
        <location line="+177"/>
        <source>Personal Data Vault message (*.pdvmsg)</source>
        <translation>个人数据保险库消息 (*.pdvmsg)</translation>
    </message>
    <message>
        <location line="-142"/>
        <source>Saved to %1. Publish it where the organisation checks it, or send it to them: it lists which of your grants to them are revoked, and nothing else.</source>
        <translation>已保存到 %1。请发布到该机构查询的位置，或发送给对方：它只列出您给对方的哪些授权已被撤销，不含其他内容。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Save the grant</source>
        <translation>保存授权</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Personal Data Vault grant (*.pdvgrant)</source>
        <translation>个人数据保险库授权 (*.pdvgrant)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Grant saved to %1. Send it to %2.</source>
        <translation>授权已保存到 %1。请把它发送给 %2。</translation>
    </message>
    <message>
        <location line="+102"/>
        <source>Ask to erase</source>
        <translation>请求删除</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Make a signed request asking %1 to erase the data of this grant, including anything they derived from it? You then send the file to them; their confirmation can be imported like a request.</source>
        <translation>生成一份签名请求，要求 %1 删除此授权涉及的数据（包括其派生的内容）？之后由您把文件发送给对方；对方的确认可像请求一样导入。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Make the request…</source>
        <translation>生成请求…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Save the erasure request</source>
        <translation>保存删除请求</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Erasure request saved to %1. Send it to %2.</source>
        <translation>删除请求已保存到 %1。请把它发送给 %2。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Report a violation</source>
        <translation>举报违规</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This saves an evidence file for a data-protection authority (the regulator that enforces privacy law): the grant you signed, what %1 reported doing with it, the problems found, and the matching part of your history, all signed by you.

The file contains the values you released to %1 (they already have them). Nothing is sent: you choose the file and give it to the authority yourself.</source>
        <translation>这将为数据保护机构（执行隐私法的监管机构）保存一份证据文件：您签署的授权、%1 报告的使用情况、发现的问题，以及您的历史中的相关部分，全部由您签名。

该文件包含您发布给 %1 的值（对方已经拥有这些值）。不会发送任何内容：由您选择文件，并亲自交给该机构。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Save the evidence…</source>
        <translation>保存证据…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Save the evidence</source>
        <translation>保存证据</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Evidence bundle (*.json)</source>
        <translation>证据包 (*.json)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Evidence saved</source>
        <translation>证据已保存</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Saved to %1, with its signature beside it (%2). Give both files to the data-protection authority.</source>
        <translation>已保存到 %1，签名文件在其旁边（%2）。请把两个文件都交给数据保护机构。</translation>
    </message>
    <message>
        <location line="-578"/>
        <source>Sen&amp;d to the organisation…</source>
        <translation>发送给机构(&amp;D)…</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>Save the &amp;list of revoked grants…</source>
        <translation>保存已撤销授权清单(&amp;L)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save the list of your grants to this organisation that are revoked</source>
        <translation>保存您给该机构的授权中已撤销的清单</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Send the grant to the organisation&apos;s gateway</source>
        <translation>将授权发送到机构的网关</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check for &amp;messages</source>
        <translation>检查消息(&amp;M)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fetch what the organisation left for you on its gateway</source>
        <translation>获取机构在其网关上留给您的内容</translation>
    </message>
    <message>
        <location line="+322"/>
        <source>The grant is revoked. The organisation sees it as revoked when it next checks your list of revoked grants.</source>
        <translation>授权已撤销。该机构下次查看您的已撤销授权清单时会看到它已被撤销。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The notice and your updated list of revoked grants were delivered to the organisation&apos;s gateway.</source>
        <translation>撤销通知和您更新后的已撤销授权清单已送达机构的网关。</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Save the list of revoked grants</source>
        <translation>保存已撤销授权清单</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>List of revoked grants, signed (*.jwt)</source>
        <translation>已签名的已撤销授权清单 (*.jwt)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>List saved</source>
        <translation>清单已保存</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Online delivery is off</source>
        <translation>在线发送已关闭</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The app only contacts an organisation&apos;s gateway when you allow it under Settings. Until then, save the file and hand it over.</source>
        <translation>只有在“设置”中允许后，本应用才会联系机构的网关。在此之前，请保存文件并亲自转交。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Gateway address</source>
        <translation>网关地址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The address of %1&apos;s gateway (https://…):</source>
        <translation>%1 的网关地址（https://…）：</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>%1 already had it (sent earlier); its acknowledgement is in your history.</source>
        <translation>%1 已经收到过（之前已发送）；其确认已记录在您的历史中。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Delivered to %1 at %2. The organisation&apos;s signed acknowledgement is kept in your history.</source>
        <translation>已于 %2 送达 %1。机构签名的确认已保存在您的历史中。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Delivered</source>
        <translation>已送达</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Messages</source>
        <translation>消息</translation>
    </message>
    <message numerus="yes">
        <location line="-5"/>
        <source>%n message(s) from %1 fetched and filed.</source>
        <translation>
            <numerusform>已获取并存档来自 %1 的 %n 条消息。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n message(s) refused; see the history.</source>
        <translation>
            <numerusform>%n 条消息被拒绝；请查看历史。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <location filename="../../gui/dialogs/help.py" line="+32"/>
        <source>User guide</source>
        <extracomment>the screenshots&apos; own width (scripts/screenshots.py takes them at 1280x720): never shown larger</extracomment>
        <translation>用户指南</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <location filename="../../gui/models/history.py" line="+88"/>
        <source>#</source>
        <extracomment>how an organisation id is shown; the consent screens can set a function that names known ones</extracomment>
        <translation>#</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Organisation</source>
        <translation>机构</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Purpose</source>
        <translation>目的</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <location line="+26"/>
        <location line="+11"/>
        <source>Technical details:</source>
        <translation>技术细节：</translation>
    </message>
</context>
<context>
    <name>HistoryPage</name>
    <message>
        <location filename="../../gui/pages/history.py" line="+64"/>
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Everything that happened in this vault, newest first. Entries are chained and signed, so a change to any of them is detected by “Verify history”.</source>
        <translation>此保险库中发生的一切，最新的在前。各条目相互链接并经过签名，因此任何改动都会被“验证历史记录”发现。</translation>
    </message>
    <message>
        <location line="+9"/>
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
        <location line="+3"/>
        <source>Organisation:</source>
        <translation>机构：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Event:</source>
        <translation>事件：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Field:</source>
        <translation>字段：</translation>
    </message>
    <message>
        <location line="+24"/>
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
        <location line="+25"/>
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
        <location line="+319"/>
        <source>Export the history</source>
        <translation>导出历史记录</translation>
    </message>
    <message>
        <location line="-316"/>
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
        <location line="+59"/>
        <source>Any organisation</source>
        <translation>任意机构</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Any event</source>
        <translation>任意事件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Problems only (violations, rejected requests)</source>
        <translation>仅问题（违规、被拒绝的请求）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Any field</source>
        <translation>任意字段</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Counting…</source>
        <translation>正在计数…</translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <location line="+138"/>
        <source>%n entry(s)</source>
        <translation>
            <numerusform>%n 条</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="-136"/>
        <source>%n matching entry(s)</source>
        <translation>
            <numerusform>%n 条匹配</numerusform>
        </translation>
    </message>
    <message>
        <location line="+87"/>
        <source>Verifying the history…</source>
        <translation>正在验证历史记录…</translation>
    </message>
    <message numerus="yes">
        <location line="+50"/>
        <source>%n signed checkpoint(s)</source>
        <translation>
            <numerusform>%n 个签名检查点</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>✔ The history is intact: %1 and %2 checked in %3 s.</source>
        <translation>✔ 历史完好：已在 %3 秒内检查 %1和%2。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>First bad entry: #%1. </source>
        <translation>第一个有问题的条目：#%1。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>✘ The history failed verification. </source>
        <translation>✘ 历史记录未通过验证。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>JSON files (*.json)</source>
        <translation>JSON 文件 (*.json)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>The history was saved to %1.
Its signature is in %2; anyone can use it to check that the file was not changed.</source>
        <translation>历史记录已保存到 %1。
其签名位于 %2；任何人都可以用它来检查文件是否被改动过。</translation>
    </message>
    <message>
        <location line="+7"/>
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
    <name>HistoryWords</name>
    <message>
        <location filename="../../gui/history_words.py" line="+55"/>
        <source>Fields</source>
        <extracomment>identifiers: for people who need them (support, a data-protection authority), under &quot;Technical details&quot; free text the core wrote in English; shown only when nothing better (a stable reason word) says it</extracomment>
        <translation>字段</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Released</source>
        <translation>发布方式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+23"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location line="-22"/>
        <source>Changed</source>
        <translation>已更改</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kind</source>
        <translation>种类</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Certifier</source>
        <translation>认证机构</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Entries</source>
        <translation>条目数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Valid until</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Withheld</source>
        <translation>未发送</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Passed on to</source>
        <translation>转交给</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Further processing</source>
        <translation>进一步处理</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Part of a larger grant</source>
        <translation>属于更大的授权</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reported use</source>
        <translation>报告的使用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Problems found</source>
        <translation>发现的问题</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Added</source>
        <translation>已添加</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Removed</source>
        <translation>已移除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Blocked</source>
        <translation>已屏蔽</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By</source>
        <translation>由</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sources</source>
        <translation>来源</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Conclusion</source>
        <translation>结论</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Must be anonymised again</source>
        <translation>须再次匿名化</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>From</source>
        <translation>来自</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Answers</source>
        <translation>回答</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Declined by your vault</source>
        <translation>由您的保险库拒绝</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Longest time an organisation may keep data</source>
        <translation>机构保存数据的最长时间</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+20"/>
        <location line="+25"/>
        <location line="+16"/>
        <location line="+2"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location line="-30"/>
        <source>held for your review</source>
        <translation>等待您审阅</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>authorised</source>
        <translation>已授权</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>refused</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>revoked</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>trusted</source>
        <translation>已信任</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>no longer trusted</source>
        <translation>不再信任</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>nobody</source>
        <translation>无人</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>provided by you</source>
        <translation>由您提供</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>verified</source>
        <translation>已核实</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>derived</source>
        <translation>派生</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>declined by your vault</source>
        <translation>由您的保险库拒绝回答</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>declined by you</source>
        <translation>由您拒绝回答</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>matches your record</source>
        <translation>与您的记录一致</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>does not match your record</source>
        <translation>与您的记录不一致</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>you have no such field</source>
        <translation>您没有这个字段</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>value</source>
        <translation>值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>: </source>
        <translation>：</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>the organisation</source>
        <translation>该机构</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>; </source>
        <translation>；</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <location filename="../../gui/pages/home.py" line="+57"/>
        <source>Welcome to your vault</source>
        <extracomment>the person wants to answer the first request waiting in the inbox the person wants the list of the requests waiting for an answer</extracomment>
        <translation>欢迎使用您的保险库</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Show &amp;all</source>
        <translation>查看全部(&amp;A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the waiting requests in the inbox</source>
        <translation>在收件箱中查看等待中的请求</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>1. Add your data</source>
        <translation>1. 添加您的数据</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Put in the details organisations usually ask you for: name, date of birth, e-mail, address. They stay encrypted on this computer and leave it only when you approve a request.</source>
        <translation>填入机构通常会向您索取的信息：姓名、出生日期、电子邮件、地址。它们加密保存在这台计算机上，只有在您批准请求时才会离开。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Add a field…</source>
        <translation>添加字段…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>2. Import a request</source>
        <translation>2. 导入请求</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>When an organisation wants some of your data, it sends you a request file or a pdv: link. Open it here to see who asks, why and for how long, and decide field by field.</source>
        <translation>当某个机构需要您的部分数据时，它会向您发送请求文件或 pdv: 链接。在这里打开它，查看是谁在请求、为什么以及需要多长时间，并逐个字段做出决定。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Import a request…</source>
        <translation>导入请求…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Keep a backup</source>
        <translation>保留备份</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A backup is encrypted with your master password. Keep one on another disk, so a broken computer does not take your vault with it.</source>
        <translation>备份使用您的主密码加密。请在另一块磁盘上保留一份，这样计算机损坏时您的保险库不会随之丢失。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Back up now…</source>
        <translation>立即备份…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>See what happened</source>
        <translation>查看发生了什么</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Every change and every release of data is recorded in a tamper-evident history that you can verify and export.</source>
        <translation>每一次更改和每一次数据发布都会记录在防篡改的历史记录中，您可以验证并导出它。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open the history</source>
        <translation>打开历史记录</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>3. Keep a backup</source>
        <translation>3. 保留备份</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>2. Keep a backup</source>
        <translation>2. 保留备份</translation>
    </message>
    <message numerus="yes">
        <location line="+11"/>
        <source>Lock the vault with Ctrl+L when you step away. It also locks itself after %n minute(s) without use.</source>
        <translation>
            <numerusform>离开时请按 Ctrl+L 锁定保险库。闲置 %n 分钟后它也会自动锁定。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
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
        <location line="+2"/>
        <source>The history holds %n entry(s).</source>
        <translation>
            <numerusform>历史记录中有 %n 个条目。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>%n request(s) are waiting for your answer.</source>
        <translation>
            <numerusform>有 %n 个请求正在等待您的答复。</numerusform>
        </translation>
    </message>
    <message>
        <location line="-126"/>
        <location line="+128"/>
        <source>&amp;Review it…</source>
        <translation>审阅(&amp;R)…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Review the first…</source>
        <translation>审阅第一个(&amp;R)…</translation>
    </message>
    <message>
        <location line="-127"/>
        <location line="+130"/>
        <source>Review the waiting request</source>
        <translation>审阅等待中的请求</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Review the first waiting request</source>
        <translation>审阅第一个等待中的请求</translation>
    </message>
</context>
<context>
    <name>ImportDataDialog</name>
    <message>
        <location filename="../../gui/dialogs/import_data.py" line="+51"/>
        <source>Import your data</source>
        <translation>导入您的数据</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Reading the file…</source>
        <translation>正在读取文件…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Check what becomes which field. Change a name, type or category where the file means something else, and untick what you do not want. Nothing is saved until you press Import.</source>
        <translation>请检查每一项将成为哪个字段。如果文件的含义不同，请更改名称、类型或类别；不需要的请取消勾选。按下“导入”之前不会保存任何内容。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In the file</source>
        <translation>文件中的名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>What the file holds and the field each item becomes</source>
        <translation>文件包含的内容以及每一项将成为的字段</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Show &amp;values</source>
        <translation>显示值(&amp;V)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>contact card (vCard)</source>
        <translation>联系人名片（vCard）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>table (CSV)</source>
        <translation>表格（CSV）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Import from %1, a %2</source>
        <translation>从 %1 导入（%2）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This file cannot be imported</source>
        <translation>无法导入此文件</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nothing can be imported from this file.</source>
        <translation>无法从此文件导入任何内容。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Import %1</source>
        <translation>导入 %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Field for %1</source>
        <translation>%1 对应的字段</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Type for %1</source>
        <translation>%1 的类型</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Category for %1</source>
        <translation>%1 的类别</translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>The file has %n problem(s):</source>
        <translation>
            <numerusform>该文件有 %n 个问题：</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>line %1: %2</source>
        <translation>第 %1 行：%2</translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>… and %n more.</source>
        <translation>
            <numerusform>…… 还有 %n 个。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Import the %n good item(s) anyway</source>
        <translation>
            <numerusform>仍然导入 %n 个没有问题的项目</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+30"/>
        <source>&amp;Import %n field(s)</source>
        <translation>
            <numerusform>导入 %n 个字段(&amp;I)</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tick at least one item to import.</source>
        <translation>请至少勾选一项进行导入。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The file has problems: confirm above that you want the good part only.</source>
        <translation>该文件有问题：请在上方确认您只导入没有问题的部分。</translation>
    </message>
</context>
<context>
    <name>InboxPage</name>
    <message>
        <location filename="../../gui/pages/inbox.py" line="+86"/>
        <source>Inbox</source>
        <translation>收件箱</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Import a request…</source>
        <translation>导入请求(&amp;I)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import a request</source>
        <translation>导入请求</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Requests from organisations that want some of your data, want to check it, or want to use a conclusion drawn from it. Nothing leaves your vault until you approve.</source>
        <translation>来自各机构的请求：想要您的部分数据、想核对数据，或想使用从中得出的结论。在您批准之前，任何数据都不会离开您的保险库。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Which requests to show</source>
        <translation>显示哪些请求</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Waiting for you</source>
        <translation>等待您处理</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refused automatically</source>
        <translation>已自动拒绝</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Decided by you</source>
        <translation>您已决定的</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All requests</source>
        <translation>全部请求</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Show:</source>
        <translation>显示(&amp;S)：</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Show &amp;them</source>
        <translation>显示这些请求(&amp;T)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the requests refused automatically</source>
        <translation>显示被自动拒绝的请求</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>What was imported</source>
        <translation>已导入的内容</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dismiss the import report</source>
        <translation>关闭导入报告</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Requests</source>
        <translation>请求</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Request details</source>
        <translation>请求详情</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+212"/>
        <source>&amp;Review…</source>
        <translation>审阅(&amp;R)…</translation>
    </message>
    <message>
        <location line="-211"/>
        <source>Review the selected request</source>
        <translation>审阅选中的请求</translation>
    </message>
    <message numerus="yes">
        <location line="+107"/>
        <source>Refused automatically, by your rules or because of the organisation&apos;s standing: %n request(s).</source>
        <translation>
            <numerusform>因您的规则或机构的状况而被自动拒绝：%n 个请求。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+16"/>
        <source>No requests are waiting for you.

When an organisation sends you a request file or a pdv: link, import it here (or open it with this app).</source>
        <translation>没有等待您处理的请求。

当机构向您发送请求文件或 pdv: 链接时，请在这里导入（或用本应用打开）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No request was refused automatically.</source>
        <translation>没有被自动拒绝的请求。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>You have not decided any request yet.</source>
        <translation>您还没有决定过任何请求。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No request has expired.</source>
        <translation>没有已过期的请求。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>There are no requests yet.</source>
        <translation>还没有任何请求。</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>%1 from %2</source>
        <translation>来自 %2 的%1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Purpose: %1</source>
        <translation>目的：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fields: %1</source>
        <translation>字段：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kept for: %1</source>
        <translation>保存期限：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Checks: %1</source>
        <translation>核对项：%1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Conclusion: %1</source>
        <translation>结论：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Asks to change a grant you gave before.</source>
        <translation>请求修改您以前给出的一项授权。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Received %1; answer before %2.</source>
        <translation>收到于 %1；请在 %2 之前答复。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Received %1.</source>
        <translation>收到于 %1。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>It expired before you decided; the organisation must send a new one.</source>
        <translation>它在您决定之前已过期；该机构必须重新发送。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Refused automatically:</source>
        <translation>已自动拒绝：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your reason:</source>
        <translation>您的原因：</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&amp;Answer…</source>
        <translation>答复(&amp;A)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Read…</source>
        <translation>查看(&amp;R)…</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../gui/i18n.py" line="-128"/>
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
        <location line="+2"/>
        <source>Derived by %1 from %2</source>
        <translation>由 %1 根据 %2 推导</translation>
    </message>
    <message>
        <location line="+7"/>
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
        <source>Older database accepted; recorded head discarded</source>
        <translation>已接受较旧的数据库；已舍弃记录的链头</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Identity key moved into the key file</source>
        <translation>身份密钥已移入密钥文件</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Password and data key replaced</source>
        <translation>密码和数据密钥已更换</translation>
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
        <source>Grant ended (deletion confirmed)</source>
        <translation>授权已结束（已确认删除）</translation>
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
        <source>Certifier&apos;s list imported</source>
        <translation>已导入认证机构名单</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>List of revoked grants saved</source>
        <translation>已保存已撤销授权清单</translation>
    </message>
    <message>
        <location line="-3"/>
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
        <location line="+2"/>
        <source>Evidence exported</source>
        <translation>已导出证据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delivered to the organisation</source>
        <translation>已送达机构</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../gui/mainwindow.py" line="+111"/>
        <source>Sections</source>
        <extracomment>request files / pdv: links waiting for an import handler (the consent engine) and an unlocked vault vCard / CSV files of the person&apos;s own data waiting for an unlocked vault</extracomment>
        <translation>栏目</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Lock</source>
        <translation>锁定</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Lock the vault</source>
        <translation>锁定保险库</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lock the vault (Ctrl+L)</source>
        <translation>锁定保险库（Ctrl+L）</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>My data</source>
        <translation>我的数据</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location line="+116"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Import your data</source>
        <translation>导入您的数据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contact cards and tables (*.vcf *.vcard *.csv);;All files (*)</source>
        <translation>联系人名片和表格 (*.vcf *.vcard *.csv);;所有文件 (*)</translation>
    </message>
    <message numerus="yes">
        <location line="+16"/>
        <source>%n field(s) added to My data.</source>
        <translation>
            <numerusform>已向“我的数据”添加 %n 个字段。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n field(s) you already had were left as they were.</source>
        <translation>
            <numerusform>您已有的 %n 个字段保持不变。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Data imported</source>
        <translation>数据已导入</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Import your &amp;data (vCard, CSV)…</source>
        <translation>导入您的数据（vCard、CSV）(&amp;D)…</translation>
    </message>
    <message>
        <location line="+2"/>
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
        <source>&amp;Check the vault</source>
        <translation>检查保险库(&amp;C)</translation>
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
        <location line="+18"/>
        <source>&amp;User guide</source>
        <translation>用户指南(&amp;U)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show the &amp;tour again</source>
        <translation>再次显示导览(&amp;T)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location line="+43"/>
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
        <location line="+115"/>
        <source>Back up the vault</source>
        <translation>备份保险库</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Personal Data Vault backup (*.pdvbackup)</source>
        <translation>个人数据保险库备份 (*.pdvbackup)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Backup saved</source>
        <translation>备份已保存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The backup was saved to %1. It opens with the master password you use today.</source>
        <translation>备份已保存到 %1。它使用您当前的主密码打开。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The vault passed every check: each page&apos;s authentication, the database structure, and the history (%1 entries, signed checkpoints and head).</source>
        <translation>保险库通过了所有检查：每一页的认证、数据库结构以及历史（%1 条记录、签名检查点和链头）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Vault checked</source>
        <translation>保险库已检查</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 damaged or altered page(s).</source>
        <translation>%1 个页面已损坏或被改动。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The database structure is damaged.</source>
        <translation>数据库结构已损坏。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The history does not verify.</source>
        <translation>历史无法通过验证。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The vault failed its check</source>
        <translation>保险库未通过检查</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Restore your latest backup that passes this check. Until then, do not make a new backup over an older one (the vault refuses to).</source>
        <translation>请恢复能通过此检查的最新备份。在此之前，不要用新备份覆盖旧备份（保险库会拒绝这样做）。</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Backup restored</source>
        <translation>备份已恢复</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The backup was restored and checked.</source>
        <translation>备份已恢复并通过检查。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>About Personal Data Vault</source>
        <translation>关于个人数据保险库</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Personal Data Vault %1

Keeps your personal data encrypted on your own computer and releases it only with your signed, scoped consent. Every release is recorded in a tamper-evident history.</source>
        <translation>个人数据保险库 %1

将您的个人数据加密保存在您自己的计算机上，只有在您签署了限定范围的同意后才会发布。每一次发布都会记录在防篡改的历史记录中。</translation>
    </message>
</context>
<context>
    <name>Notice</name>
    <message>
        <location filename="../../gui/widgets/consent.py" line="+67"/>
        <source>&amp;Dismiss</source>
        <translation>关闭提示(&amp;D)</translation>
    </message>
</context>
<context>
    <name>OrganisationsPage</name>
    <message>
        <location filename="../../gui/pages/organisations.py" line="+19"/>
        <location line="+17"/>
        <source>Organisations</source>
        <translation>机构</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Organisations that asked you for data. Data is only ever released to organisations marked compliant, or, after an extra confirmation, to ones nobody has assessed. A blocked organisation gets nothing.</source>
        <translation>向您请求过数据的机构。数据只会发布给标记为合规的机构，或在额外确认后发布给无人评估过的机构。被屏蔽的机构什么也得不到。</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Organisation details</source>
        <translation>机构详情</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+53"/>
        <source>Identity (DID):</source>
        <translation>身份（DID）：</translation>
    </message>
    <message>
        <location line="-52"/>
        <source>Key fingerprint:</source>
        <translation>密钥指纹：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>My judgement of this organisation</source>
        <translation>我对该机构的判断</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>My &amp;judgement:</source>
        <translation>我的判断(&amp;J)：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Set</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set my judgement</source>
        <translation>设置我的判断</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+144"/>
        <source>&amp;Block…</source>
        <translation>屏蔽(&amp;B)…</translation>
    </message>
    <message>
        <location line="-135"/>
        <source>Your judgement counts like a certifier&apos;s: when they disagree, the stricter one applies.</source>
        <translation>您的判断与认证机构的判断同等有效：两者不一致时，以更严格的为准。</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+2"/>
        <source>Certifiers you trust</source>
        <translation>您信任的认证机构</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Trust a &amp;certifier…</source>
        <translation>信任认证机构(&amp;C)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stop &amp;trusting</source>
        <translation>停止信任(&amp;T)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop trusting the selected certifier</source>
        <translation>停止信任选中的认证机构</translation>
    </message>
    <message>
        <location line="-88"/>
        <source>Import a certifier&apos;s &amp;list…</source>
        <translation>导入认证机构名单(&amp;L)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import a certifier&apos;s signed list</source>
        <translation>导入认证机构签名的名单</translation>
    </message>
    <message>
        <location line="+159"/>
        <source>No organisation has contacted you yet. They appear here when you import their first request or a certifier&apos;s list that names them.</source>
        <translation>还没有机构联系过您。当您导入某机构的第一个请求或提到它的认证机构名单时，它会出现在这里。</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Un&amp;block…</source>
        <translation>取消屏蔽(&amp;B)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+66"/>
        <source>Unblock the organisation</source>
        <translation>取消屏蔽该机构</translation>
    </message>
    <message>
        <location line="-66"/>
        <location line="+66"/>
        <source>Block the organisation</source>
        <translation>屏蔽该机构</translation>
    </message>
    <message>
        <location line="-51"/>
        <source>Standing: %1 — %2</source>
        <translation>状况：%1 — %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>First seen: %1</source>
        <translation>首次出现：%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Web site: %1</source>
        <translation>网站：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>It has not sent you a request yet, so it cannot receive grants.</source>
        <translation>它还未向您发送过请求，因此无法接收授权。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>you</source>
        <translation>您</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>• %1 says: %2</source>
        <translation>• %1 认为：%2</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Block %1? Its requests will be refused automatically and nothing will be released to it, whatever its compliance. Grants you already gave stay as they are; revoke them on the Grants page if you want.</source>
        <translation>屏蔽 %1？无论其合规状况如何，它的请求都将被自动拒绝，也不会向它发布任何数据。您已给出的授权保持不变；如有需要，可在“授权”页面撤销。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Block</source>
        <translation>屏蔽</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Unblock %1? Its requests will reach your inbox again.</source>
        <translation>取消屏蔽 %1？它的请求将再次进入您的收件箱。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unblock</source>
        <translation>取消屏蔽</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>This is not a valid certifier identity.</source>
        <translation>这不是有效的认证机构身份。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Stop trusting the certifier</source>
        <translation>停止信任该认证机构</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stop trusting %1? Its lists no longer count; organisations it vouched for become “not assessed” unless you judge them yourself.</source>
        <translation>停止信任 %1？它的名单将不再有效；它担保过的机构将变为“未评估”，除非您自己对其作出判断。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Import a certifier&apos;s list</source>
        <translation>导入认证机构名单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Certifiers&apos; lists (*.pdvtrust *.jwt);;All files (*)</source>
        <translation>认证机构名单 (*.pdvtrust *.jwt);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>List imported</source>
        <translation>名单已导入</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The certifier&apos;s list was checked and imported.</source>
        <translation>认证机构名单已核验并导入。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The list was not imported</source>
        <translation>名单未导入</translation>
    </message>
    <message>
        <location line="-28"/>
        <source>Stop trusting</source>
        <translation>停止信任</translation>
    </message>
</context>
<context>
    <name>OrgsModel</name>
    <message>
        <location filename="../../gui/models/consent.py" line="+25"/>
        <source>Organisation</source>
        <translation>机构</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Compliance</source>
        <translation>合规状况</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Who says so</source>
        <translation>依据谁的判断</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Blocked</source>
        <translation>已屏蔽</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Key fingerprint</source>
        <translation>密钥指纹</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>✘ Blocked</source>
        <translation>✘ 已屏蔽</translation>
    </message>
</context>
<context>
    <name>PrivacyFloorSection</name>
    <message>
        <location filename="../../gui/pages/privacy_floor.py" line="+41"/>
        <source>Privacy floor: your standing rules</source>
        <translation>隐私底线：您的长期规则</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Rules that hold for every organisation and every request. A request that goes beyond a rule is refused automatically or shown to you marked, as you choose; the limit itself always holds when you release data.</source>
        <translation>适用于每个机构和每个请求的规则。超出规则的请求会按您的选择被自动拒绝，或标记后交给您处理；无论如何，发布数据时限制本身始终有效。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Your standing rules</source>
        <translation>您的长期规则</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>You have no standing rules yet: every request reaches your inbox, and you decide each one.</source>
        <translation>您还没有长期规则：每个请求都会进入您的收件箱，由您逐一决定。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Re&amp;move rule</source>
        <translation>移除规则(&amp;M)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove the selected rule</source>
        <translation>移除选中的规则</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Kind of rule</source>
        <translation>规则类型</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Category the rule is about</source>
        <translation>规则针对的类别</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Longest time</source>
        <translation>最长时间</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Unit of the longest time</source>
        <translation>最长时间的单位</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>days</source>
        <translation>天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>months</source>
        <translation>个月</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>years</source>
        <translation>年</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>What happens to a request that goes beyond the rule</source>
        <translation>超出规则的请求如何处理</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refuse automatically</source>
        <translation>自动拒绝</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show me, marked</source>
        <translation>标记后交给我</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Add rule</source>
        <translation>添加规则(&amp;A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add the rule</source>
        <translation>添加该规则</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>New &amp;rule:</source>
        <translation>新规则(&amp;R)：</translation>
    </message>
    <message>
        <location line="+111"/>
        <source>Remove the rule</source>
        <translation>移除规则</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove the rule “%1”? Requests are no longer checked against it.</source>
        <translation>移除规则“%1”？请求将不再依据它进行检查。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
</context>
<context>
    <name>QrDialog</name>
    <message>
        <location filename="../../gui/dialogs/qr.py" line="+36"/>
        <source>QR code</source>
        <translation>二维码</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>QR code of %1</source>
        <translation>%1的二维码</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Let the organisation scan this code to receive %1. It holds the same text as the file.</source>
        <translation>让该机构扫描此二维码以接收%1。其内容与文件相同。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 is too long for a QR code. Save it as a file or copy it instead.</source>
        <translation>%1太长，无法放入二维码。请改为保存为文件或复制。</translation>
    </message>
</context>
<context>
    <name>RefuseDialog</name>
    <message>
        <location filename="../../gui/dialogs/review.py" line="+763"/>
        <source>Refuse the request</source>
        <translation>拒绝该请求</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Nothing will be released. You may note why, for your own history; the organisation is only told that you declined.</source>
        <translation>不会发布任何数据。您可以记下原因，仅供您自己的历史记录；该机构只会被告知您已拒绝。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Reason (optional)</source>
        <translation>原因（可选）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason for refusing (optional)</source>
        <translation>拒绝原因（可选）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Refuse and sign</source>
        <translation>拒绝并签名(&amp;R)</translation>
    </message>
</context>
<context>
    <name>Report</name>
    <message>
        <location filename="../../gui/report.py" line="+76"/>
        <source>The history is intact.</source>
        <extracomment>organisations by DID, so the report names them (the DID is for the technical details) the labels the person gave their fields</extracomment>
        <translation>历史记录完好。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 entries and %2 signed checkpoints were checked.</source>
        <translation>已检查 %1 个条目和 %2 个签名检查点。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The history failed verification.</source>
        <translation>历史记录未通过验证。</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Organisation</source>
        <translation>机构</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Purpose</source>
        <translation>目的</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Entries matching the filter: %1 of %2.</source>
        <translation>符合筛选条件的条目：%1 / %2。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Entries: %1.</source>
        <translation>条目：%1。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This report lists the newest %1 entries. Export the history as CSV or JSON for all of them.</source>
        <translation>本报告列出最新的 %1 个条目。如需全部条目，请将历史记录导出为 CSV 或 JSON。</translation>
    </message>
    <message>
        <location line="+8"/>
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
        <location line="+2"/>
        <source>Head of the chain: entry %1, hash %2</source>
        <translation>链头：条目 %1，哈希 %2</translation>
    </message>
    <message>
        <location line="+4"/>
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
        <location line="+3"/>
        <source>Technical details</source>
        <translation>技术细节</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>History report</source>
        <translation>历史记录报告</translation>
    </message>
</context>
<context>
    <name>RequestsModel</name>
    <message>
        <location filename="../../gui/models/consent.py" line="-98"/>
        <source>Received</source>
        <translation>收到时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What</source>
        <translation>类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Organisation</source>
        <translation>机构</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Compliance</source>
        <translation>合规状况</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Purpose</source>
        <translation>目的</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Change to a grant</source>
        <translation>修改授权</translation>
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
        <location line="+6"/>
        <source>Choose a backup file and enter the master password that was in use when the backup was made.</source>
        <translation>请选择一个备份文件，并输入制作该备份时使用的主密码。</translation>
    </message>
    <message>
        <location line="+8"/>
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
        <location line="+5"/>
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
        <location line="+5"/>
        <source>A vault already exists in %1. Restoring replaces it with the backup; its current files are kept beside it with a .replaced suffix, so nothing is deleted.</source>
        <translation>%1 中已经有一个保险库。恢复会用备份替换它；其当前文件会以 .replaced 后缀保留在旁边，因此不会删除任何内容。</translation>
    </message>
    <message>
        <location line="+12"/>
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
    <name>ReviewDialog</name>
    <message>
        <location filename="../../gui/dialogs/review.py" line="-755"/>
        <source>Review a request</source>
        <translation>审阅请求</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>&amp;Refuse…</source>
        <translation>拒绝(&amp;R)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refuse the request</source>
        <translation>拒绝该请求</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Back</source>
        <translation>返回(&amp;B)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Decide &amp;later</source>
        <translation>稍后决定(&amp;L)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close and decide later</source>
        <translation>关闭，稍后再决定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Next: check what will be sent</source>
        <translation>下一步：核对将发送的内容(&amp;N)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Sign the grant</source>
        <translation>签署授权(&amp;S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sign the grant</source>
        <translation>签署授权</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Loading the request…</source>
        <translation>正在加载请求…</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>%1 asks for your data</source>
        <translation>%1 请求您的数据</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 asks to use a conclusion about you</source>
        <translation>%1 请求使用一项关于您的结论</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>This request is no longer open (%1). You can read it, but not decide it.</source>
        <translation>该请求已不再开放（%1）。您可以查看，但不能再作决定。</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Who is asking</source>
        <translation>谁在请求</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Compliance:</source>
        <translation>合规状况：</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The app has checked that the request really comes from this organisation&apos;s key.</source>
        <translation>本应用已核实该请求确实来自这个机构的密钥。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Identity (DID):</source>
        <translation>身份（DID）：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Key fingerprint:</source>
        <translation>密钥指纹：</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Web site:</source>
        <translation>网站：</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Nobody you trust has assessed this organisation. It may be fine, but nobody has checked that it protects personal data. Release data only if you know who they are.</source>
        <translation>您信任的任何人都未评估过这个机构。它也许没有问题，但没有人核查过它是否保护个人数据。只有在您了解对方的情况下才发布数据。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>I know who this organisation is and I want to release data to it even though nobody has assessed it</source>
        <translation>我了解这个机构，即使无人评估过它，我也要向它发布数据</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Confirm releasing data to an organisation nobody has assessed</source>
        <translation>确认向无人评估过的机构发布数据</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Nothing can be released to this organisation: it is %1. You can only refuse the request.</source>
        <translation>不能向该机构发布任何数据：其状态为 %1。您只能拒绝该请求。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Why, and for how long</source>
        <translation>为什么，以及多长时间</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Purpose, in their words:</source>
        <translation>目的（对方的原话）：</translation>
    </message>
    <message>
        <location line="-50"/>
        <source>Compare the fingerprint with the one the organisation publishes if you are unsure it is really them.</source>
        <translation>如果您不确定是否真的是他们，请把此指纹与该机构公布的指纹进行比较。</translation>
    </message>
    <message>
        <location line="+59"/>
        <location line="+327"/>
        <source>Kind of purpose:</source>
        <translation>目的类别：</translation>
    </message>
    <message>
        <location line="-325"/>
        <source>How long they keep it:</source>
        <translation>保存期限：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Answer before:</source>
        <translation>答复截止：</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>What changes compared with your current grant</source>
        <translation>与您当前的授权相比有哪些变化</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This request asks to change the grant you gave on %1. Items marked ▲ go beyond what you allowed; nothing more is released unless you approve it here.</source>
        <translation>该请求要求修改您在 %1 给出的授权。标有 ▲ 的项目超出了您允许的范围；除非您在这里批准，否则不会发布更多内容。</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Your standing rules</source>
        <translation>您的长期规则</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>What the organisation concluded about you</source>
        <translation>该机构关于您得出的结论</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Conclusion:</source>
        <translation>结论：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>How it was worked out:</source>
        <translation>得出方式：</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>your grant to %1 of %2 (fields: %3)</source>
        <translation>您在 %2 给予 %1 的授权（字段：%3）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>a grant you never gave them (recorded as a violation; fields: %1)</source>
        <translation>您从未给予对方的授权（已记录为违规；字段：%1）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>From your data in:</source>
        <translation>依据您在以下授权中的数据：</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A conclusion drawn from your data is personal data too. If you authorise it, the organisation may use it for the purpose above; revoking the source grant revokes this one as well.</source>
        <translation>从您的数据得出的结论同样是个人数据。如果您授权，该机构可将其用于上述目的；撤销来源授权时，此授权也会一并撤销。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Your decision</source>
        <translation>您的决定</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Authorise the organisation to use this conclusion, or not. None of your data is sent either way.</source>
        <translation>授权或不授权该机构使用这项结论。无论哪种情况，都不会发送您的任何数据。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Your data, field by field</source>
        <translation>您的数据，逐个字段</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nothing is released unless you choose it. For each field, release it exactly, release an anonymised form, or withhold it.</source>
        <translation>除非您选择，否则不会发布任何内容。对每个字段，您可以原样发布、以匿名化形式发布，或保留不发。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Passing on and further use</source>
        <translation>转交与进一步使用</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The organisation does not ask to pass your data on or to derive anything from it. It may only use it for the purpose above.</source>
        <translation>该机构没有请求转交您的数据，也没有请求从中派生任何内容。它只能将数据用于上述目的。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>These are off unless you switch them on. Each is a separate permission.</source>
        <translation>除非您打开，否则这些都是关闭的。每一项都是单独的许可。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Allow %1 to pass the released data on to %2</source>
        <translation>允许 %1 将发布的数据转交给 %2</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>(not possible: %1 is not in your list of organisations)</source>
        <translation>（无法允许：%1 不在您的机构列表中）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Allow %1 to %2</source>
        <translation>允许 %1 %2</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Choose at least one field to release, or refuse the request.</source>
        <translation>请至少选择一个要发布的字段，或拒绝该请求。</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>First confirm that you want to release data to an organisation nobody has assessed.</source>
        <translation>请先确认您要向无人评估过的机构发布数据。</translation>
    </message>
    <message>
        <location line="-756"/>
        <source>question: at least %1 years old?</source>
        <translation>问题：是否年满 %1 岁？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>question: above %1?</source>
        <translation>问题：是否高于 %1？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>question: below %1?</source>
        <translation>问题：是否低于 %1？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ranges of %1</source>
        <translation>以 %1 为区间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ranges of %1 years</source>
        <translation>以 %1 年为区间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>first %1 characters</source>
        <translation>前 %1 个字符</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 significant digits</source>
        <translation>%1 位有效数字</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>on %1</source>
        <translation>以 %1 为准</translation>
    </message>
    <message>
        <location line="+542"/>
        <location line="+327"/>
        <source>Technical details:</source>
        <translation>技术细节：</translation>
    </message>
    <message>
        <location line="-43"/>
        <source>Exactly what will be sent to %1</source>
        <translation>将发送给 %1 的确切内容</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Check it once more. When you sign, the app makes a grant with exactly this content, signs it with a key used only for this organisation, and encrypts it so only %1 can read it.</source>
        <translation>请再核对一遍。签署时，本应用会生成内容与此完全一致的授权，用仅用于该机构的密钥签名，并加密，只有 %1 能够读取。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Fields that will be sent</source>
        <translation>将发送的字段</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>How</source>
        <translation>方式</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Exactly what is sent</source>
        <translation>确切发送的内容</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>its use is authorised</source>
        <translation>授权使用</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>none of your data</source>
        <translation>不含您的任何数据</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>nothing</source>
        <translation>无</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not sent:</source>
        <translation>不发送：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Purpose:</source>
        <translation>目的：</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>They may keep it for:</source>
        <translation>对方可保存：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 (until about %2)</source>
        <translation>%1（约至 %2）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Passing on:</source>
        <translation>转交：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>allowed to %1</source>
        <translation>允许转交给 %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+10"/>
        <source>not allowed</source>
        <translation>不允许</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>Further processing:</source>
        <translation>进一步处理：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>allowed: %1</source>
        <translation>允许：%1</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>They asked to keep it for %1; your rules shorten that to %2.</source>
        <translation>对方请求保存 %1；您的规则将其缩短为 %2。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Passing data on to %1 is not allowed.</source>
        <translation>不允许将数据转交给 %1。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not allowed: %1.</source>
        <translation>不允许：%1。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The organisation gets less than it asked for; it will see which fields you withheld, but not their values.</source>
        <translation>该机构得到的少于它所请求的；它会看到您保留了哪些字段，但看不到其值。</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Signed: your grant for %1 is ready</source>
        <translation>已签署：您给 %1 的授权已准备好</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The grant was signed and recorded in your history. Now send it to %1: save it as a file and send it, copy it, or let them scan it.</source>
        <translation>授权已签署并记录在您的历史中。现在请把它发送给 %1：保存为文件后发送、复制，或让对方扫描。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>the grant</source>
        <translation>该授权</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+19"/>
        <source>Personal Data Vault grant (*.pdvgrant)</source>
        <translation>个人数据保险库授权 (*.pdvgrant)</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>A separate grant lets %1 receive the data from %2. Send it to %1:</source>
        <translation>另有一项单独的授权允许 %1 从 %2 接收这些数据。请把它发送给 %1：</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the grant for %1</source>
        <translation>给 %1 的授权</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>You can revoke this grant at any time on the Grants page.</source>
        <translation>您可以随时在“授权”页面撤销此授权。</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>You refused the request</source>
        <translation>您拒绝了该请求</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nothing was released. The app made a signed refusal, which tells %1 that you said no. It contains none of your data. Send it if you want them to know.</source>
        <translation>没有发布任何数据。本应用生成了一份签名的拒绝，告知 %1 您已拒绝。其中不含您的任何数据。如果您希望对方知道，请发送给对方。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>the refusal</source>
        <translation>该拒绝</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Personal Data Vault message (*.pdvmsg)</source>
        <translation>个人数据保险库消息 (*.pdvmsg)</translation>
    </message>
</context>
<context>
    <name>RulesModel</name>
    <message>
        <location filename="../../gui/models/consent.py" line="+97"/>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>When a request goes beyond it</source>
        <translation>请求超出时</translation>
    </message>
</context>
<context>
    <name>SendPanel</name>
    <message>
        <location filename="../../gui/widgets/send.py" line="+51"/>
        <source>&amp;Save as a file…</source>
        <translation>保存为文件(&amp;S)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show as a &amp;QR code</source>
        <translation>以二维码显示(&amp;Q)</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Save %1 as a file</source>
        <translation>将%1保存为文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy %1</source>
        <translation>复制%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show %1 as a QR code</source>
        <translation>以二维码显示%1</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Save %1</source>
        <translation>保存%1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Saved to %1. Send this file to the organisation.</source>
        <translation>已保存到 %1。请把此文件发送给该机构。</translation>
    </message>
    <message numerus="yes">
        <location line="+11"/>
        <source>Copied. Paste it where the organisation asks for it; the clipboard is cleared in %n second(s).</source>
        <translation>
            <numerusform>已复制。请粘贴到机构要求的位置；剪贴板将在 %n 秒后清空。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../gui/pages/settings.py" line="+43"/>
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
        <location line="+91"/>
        <source>Choose the inbox folder</source>
        <extracomment>sections other parts of the app add (the consent engine&apos;s standing rules) go before the stretch</extracomment>
        <translation>选择收件文件夹</translation>
    </message>
    <message>
        <location line="-89"/>
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
        <location line="+21"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Same as the system (%1)</source>
        <translation>与系统相同（%1）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Lan&amp;guage:</source>
        <translation>语言(&amp;G)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A new language applies at once; nothing else changes.</source>
        <translation>新语言立即生效，其他一切保持不变。</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>Each guess at your password costs about %1 s of computing on this computer. Higher is safer but makes unlocking slower. A change applies when you next change the master password (you may re-enter the same one).</source>
        <translation>在这台计算机上，每猜测一次密码大约需要 %1 秒的计算。数值越高越安全，但解锁也越慢。更改会在您下次更改主密码时生效（您可以重新输入相同的密码）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Last unlock on this computer: the password check took %1 s.</source>
        <translation>上次在这台计算机上解锁时，密码校验用了 %1 秒。</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Password and data key replaced</source>
        <translation>密码和数据密钥已更换</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The master password was changed and the vault re-encrypted with a new data key: an old key file or an old backup no longer opens it with the old password. Backups made before still open with the old password: delete them and make a new backup now.</source>
        <translation>主密码已更改，保险库已用新的数据密钥重新加密：旧密钥文件或旧备份配合旧密码已无法打开它。之前做的备份仍可用旧密码打开：请删除它们，并立即做一个新备份。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Password changed</source>
        <translation>密码已更改</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The master password was changed. Use the new one from now on.</source>
        <translation>主密码已更改。从现在起请使用新密码。</translation>
    </message>
    <message>
        <location line="-130"/>
        <source>Allow sending to organisations&apos; &amp;gateways when I ask</source>
        <translation>允许在我要求时发送到机构的网关(&amp;G)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Allow online delivery to organisations</source>
        <translation>允许在线发送给机构</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Off: the app never contacts an organisation; grants, revocations and messages travel as files you hand over.</source>
        <translation>关闭时：本应用从不联系任何机构；授权、撤销和消息都以您亲自转交的文件传递。</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <location filename="../../gui/setup.py" line="+113"/>
        <source>Create your vault</source>
        <translation>创建您的保险库</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Your personal data will be kept encrypted on this computer. Choose a master password: you will need it every time you open the vault.</source>
        <translation>您的个人数据将加密保存在这台计算机上。请选择一个主密码：每次打开保险库时都需要它。</translation>
    </message>
    <message>
        <location line="+10"/>
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
        <location line="+16"/>
        <source>Nobody can recover this password: not us, not a helpdesk. If you forget it, everything in this vault is lost, and so are backups made with it. Write it down and keep it somewhere safe.</source>
        <translation>没有人能找回这个密码：我们不能，客服也不能。如果您忘记了它，此保险库中的一切都会丢失，用它制作的备份也一样。请把它写下来，并保存在安全的地方。</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+1"/>
        <source>I understand that nobody can recover this password</source>
        <translation>我明白没有人能找回这个密码</translation>
    </message>
    <message>
        <location line="+11"/>
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
        <location line="+4"/>
        <source>The app measures how fast this computer is, so that opening the vault takes about half a second here but guessing the password would take an attacker a very long time.</source>
        <translation>应用会测量这台计算机的速度，使得在这里打开保险库大约需要半秒钟，而攻击者猜测密码则需要非常长的时间。</translation>
    </message>
    <message>
        <location line="+18"/>
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
        <location line="+11"/>
        <source>No password yet</source>
        <translation>尚未输入密码</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Easy to guess. Add more words or characters; a short sentence works well.</source>
        <translation>容易被猜到。请增加更多单词或字符；一个简短的句子效果很好。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Acceptable. A longer password, such as four unrelated words, is safer.</source>
        <translation>可以接受。更长的密码（例如四个互不相关的单词）更安全。</translation>
    </message>
    <message>
        <location line="+3"/>
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
    <name>TechnicalDetails</name>
    <message>
        <location filename="../../gui/widgets/details.py" line="+18"/>
        <source>Technical details</source>
        <translation>技术细节</translation>
    </message>
</context>
<context>
    <name>TourBar</name>
    <message>
        <location filename="../../gui/widgets/tour.py" line="+31"/>
        <source>Welcome! This demo vault holds invented data, so try anything: it is deleted when you quit. This tour shows the main screens in five steps.</source>
        <translation>欢迎！这个演示保险库中的数据都是虚构的，您可以随意尝试：退出时会被删除。本导览分五步介绍主要界面。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>My data: your data, field by field. Values stay hidden until you ask. Add your own, or import a contact card or a table with File &gt; Import your data.</source>
        <translation>我的数据：您的数据，逐个字段。值在您要求之前一直隐藏。您可以自己添加，或通过“文件 &gt; 导入您的数据”导入联系人名片或表格。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Inbox: organisations ask here. Open a request (double-click) to decide field by field; nothing leaves unless you choose it.</source>
        <translation>收件箱：机构在这里提出请求。打开一个请求（双击）逐个字段做决定；除非您选择，否则不会发出任何数据。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Grants: what you released, to whom, for what and until when. You can revoke a grant at any time.</source>
        <translation>授权：您发布了什么、给了谁、用于什么目的、到什么时候为止。您可以随时撤销授权。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>History: everything that happened to your data, in a signed record you can check and export.</source>
        <translation>历史：您的数据发生过的一切，记录在可核查、可导出的签名记录中。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+25"/>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location line="-24"/>
        <source>Close the tour</source>
        <translation>关闭导览</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close the tour of the demo</source>
        <translation>关闭演示导览</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>%1 of %2</source>
        <translation>第 %1 步，共 %2 步</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
</context>
<context>
    <name>UnlockWidget</name>
    <message>
        <location filename="../../gui/unlock.py" line="+35"/>
        <source>Your vault is locked</source>
        <translation>您的保险库已锁定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter your master password to open it.</source>
        <translation>请输入主密码以打开它。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>This is a throwaway demo vault with invented data; it is deleted when you quit. Its password is: %1</source>
        <translation>这是一个包含虚构数据的临时演示保险库；退出时会被删除。它的密码是：%1</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+1"/>
        <source>Master password</source>
        <translation>主密码</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+69"/>
        <source>&amp;Unlock</source>
        <translation>解锁(&amp;U)</translation>
    </message>
    <message>
        <location line="-68"/>
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
        <location line="+8"/>
        <source>Unlock error</source>
        <translation>解锁错误</translation>
    </message>
    <message>
        <location line="+16"/>
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
        <location line="+2"/>
        <source>The vault cannot be opened</source>
        <translation>无法打开保险库</translation>
    </message>
</context>
<context>
    <name>VerificationDialog</name>
    <message>
        <location filename="../../gui/dialogs/verification.py" line="-22"/>
        <source>✔ Matches your record</source>
        <translation>✔ 与您的记录一致</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>✘ Does not match your record</source>
        <translation>✘ 与您的记录不一致</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>? You have no such field</source>
        <translation>? 您没有这个字段</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>— You decline to answer</source>
        <translation>— 您拒绝回答</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>Verification request</source>
        <translation>核对请求</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Loading the request…</source>
        <translation>正在加载请求…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Decline everything</source>
        <translation>全部拒绝回答(&amp;D)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refuse the verification request</source>
        <translation>拒绝该核对请求</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Decide &amp;later</source>
        <translation>稍后决定(&amp;L)</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+165"/>
        <source>&amp;Answer</source>
        <translation>答复(&amp;A)</translation>
    </message>
    <message>
        <location line="-164"/>
        <source>Sign and send the answer</source>
        <translation>签署并发送答复</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>%1 asks you to confirm what it holds about you</source>
        <translation>%1 请您确认它所持有的关于您的信息</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Who is asking, and why</source>
        <translation>谁在请求，为什么</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Kind of purpose:</source>
        <translation>目的类别：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Identity (DID):</source>
        <translation>身份（DID）：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Key fingerprint:</source>
        <translation>密钥指纹：</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>Purpose, in their words:</source>
        <translation>目的（对方的原话）：</translation>
    </message>
    <message>
        <location line="-130"/>
        <source>— Your vault declines to answer</source>
        <translation>— 您的保险库拒绝回答</translation>
    </message>
    <message>
        <location line="+143"/>
        <source>You cannot answer this organisation: it is %1.</source>
        <translation>您不能答复该机构：其状态为 %1。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>What they want to check</source>
        <translation>对方想核对的内容</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>For each field the organisation only learns whether its copy matches yours. It never receives your value, and this window never shows theirs. Untick a field to decline answering it.</source>
        <translation>对每个字段，该机构只会得知其副本与您的是否一致。它永远收不到您的值，本窗口也从不显示对方的值。取消勾选某个字段即拒绝回答该项。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What your vault says</source>
        <translation>您的保险库的结果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Answer it</source>
        <translation>回答</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Answer about %1</source>
        <translation>回答关于 %1 的核对</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Correct my record…</source>
        <translation>更正我的记录…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Correct my record of %1</source>
        <translation>更正我的 %1 记录</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>A mismatch may mean your record is out of date, or theirs is. If yours is wrong, correct it here; to send them the correct value, they must ask for it in a normal request.</source>
        <translation>不一致可能表示您的记录已过时，也可能是对方的记录有误。如果您的记录有误，请在这里更正；若要把正确的值发给对方，对方必须通过正常请求来索取。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Nobody you trust has assessed %1. Answer it anyway.</source>
        <translation>您信任的任何人都没有评估过 %1。仍要回答。</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>&amp;Send a refusal</source>
        <translation>发送拒绝(&amp;S)</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Your answer is signed</source>
        <translation>您的答复已签署</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The answer tells %1 only this:</source>
        <translation>该答复只告诉 %1 以下内容：</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Why your vault declined (only you see this):</source>
        <translation>您的保险库为何拒绝回答（只有您能看到）：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>It is encrypted so only %1 can read it. Send it to them:</source>
        <translation>它已加密，只有 %1 能够读取。请发送给对方：</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the answer</source>
        <translation>该答复</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Personal Data Vault grant (*.pdvgrant)</source>
        <translation>个人数据保险库授权 (*.pdvgrant)</translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message>
        <location filename="../../gui/consent_words.py" line="+87"/>
        <source>✘ Blocked by you</source>
        <translation>✘ 已被您屏蔽</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>✔ Compliant</source>
        <translation>✔ 合规</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>✘ Not compliant</source>
        <translation>✘ 不合规</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>✘ Suspended</source>
        <translation>✘ 已暂停</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>? Not assessed</source>
        <translation>? 未评估</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Compliant</source>
        <translation>合规</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not compliant</source>
        <translation>不合规</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Suspended</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No judgement (not assessed)</source>
        <translation>无判断（未评估）</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Compliance: %1</source>
        <translation>合规状况：%1</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Data request</source>
        <translation>数据请求</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Verification</source>
        <translation>核对</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+44"/>
        <source>Derived data</source>
        <translation>派生数据</translation>
    </message>
    <message>
        <location line="-38"/>
        <location line="+1"/>
        <source>Waiting for you</source>
        <translation>等待您处理</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refused automatically</source>
        <translation>已自动拒绝</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Partly approved</source>
        <translation>部分批准</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refused by you</source>
        <translation>您已拒绝</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+17"/>
        <source>Expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Active</source>
        <translation>有效</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Revoked</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Replaced by a newer grant</source>
        <translation>已被更新的授权取代</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ended: the organisation confirmed deleting the data</source>
        <translation>已结束：机构已确认删除数据</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Grant</source>
        <translation>授权</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Passed on (onward grant)</source>
        <translation>转交（转交授权）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Verification answer</source>
        <translation>核对答复</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>exactly</source>
        <translation>原样</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>anonymised: %1</source>
        <translation>匿名化：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>anonymised</source>
        <translation>匿名化</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>anonymised (%1)</source>
        <translation>匿名化（%1）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Providing the service you asked for</source>
        <translation>提供您所要求的服务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Marketing</source>
        <translation>市场营销</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Advertising</source>
        <translation>广告</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Personalised advertising</source>
        <translation>个性化广告</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Personalisation</source>
        <translation>个性化</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Personalising the service</source>
        <translation>个性化服务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Research and development</source>
        <translation>研究与开发</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Academic research</source>
        <translation>学术研究</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Preventing and detecting fraud</source>
        <translation>防范和发现欺诈</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Checking your identity</source>
        <translation>核实您的身份</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Meeting legal obligations</source>
        <translation>履行法律义务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Checking your creditworthiness</source>
        <translation>评估您的信用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Managing customers</source>
        <translation>客户管理</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customer care</source>
        <translation>客户服务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Improving the service</source>
        <translation>改进服务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delivering goods</source>
        <translation>配送商品</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Processing payments</source>
        <translation>处理付款</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Managing your account</source>
        <translation>管理您的账户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Communicating with you</source>
        <translation>与您沟通</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Selling data to third parties</source>
        <translation>向第三方出售数据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Selling products</source>
        <translation>销售产品</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Human resources</source>
        <translation>人力资源</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keeping records</source>
        <translation>保存记录</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Non-standard purpose: %1</source>
        <translation>非标准用途：%1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>analyse it</source>
        <translation>分析这些数据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>derive new data from it</source>
        <translation>从中派生新数据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>draw conclusions (inferences) from it</source>
        <translation>从中得出结论（推断）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>build a profile of you from it</source>
        <translation>据此为您建立画像</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>analysis</source>
        <translation>分析</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>profiling</source>
        <translation>画像</translation>
    </message>
    <message numerus="yes">
        <location line="+10"/>
        <source>%n year(s)</source>
        <translation>
            <numerusform>%n 年</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n month(s)</source>
        <translation>
            <numerusform>%n 个月</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n week(s)</source>
        <translation>
            <numerusform>%n 周</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n 天</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n hour(s)</source>
        <translation>
            <numerusform>%n 小时</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n 分钟</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>about %1</source>
        <translation>约 %1</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Never release %1 data.</source>
        <translation>绝不发布%1数据。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Always anonymise %1 data.</source>
        <translation>始终对%1数据进行匿名化。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Never let an organisation keep data longer than %1.</source>
        <translation>绝不允许机构保存数据超过 %1。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Never allow data to be passed on to other organisations.</source>
        <translation>绝不允许将数据转交给其他机构。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Only deal with organisations marked compliant.</source>
        <translation>只与标记为合规的机构打交道。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Revoke all grants of an organisation once it is suspended.</source>
        <translation>机构一旦被暂停，立即撤销其全部授权。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>refuse such requests automatically</source>
        <translation>自动拒绝此类请求</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>show such requests to me, marked</source>
        <translation>标记后交给我处理</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Never release a category of data</source>
        <translation>绝不发布某类数据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Always anonymise a category of data</source>
        <translation>始终对某类数据进行匿名化</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Longest time an organisation may keep data</source>
        <translation>机构可保存数据的最长时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No passing on to other organisations</source>
        <translation>禁止转交给其他机构</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Only organisations marked compliant</source>
        <translation>仅限标记为合规的机构</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Revoke the grants of a suspended organisation</source>
        <translation>撤销已暂停机构的授权</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Your rule “%1” applies</source>
        <translation>您的规则“%1”适用</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>One of your rules applies</source>
        <translation>您的一条规则适用</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 can only be withheld.</source>
        <translation>%1 只能保留不发。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 can only be released anonymised.</source>
        <translation>%1 只能以匿名化形式发布。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>they ask to keep the data for %1; a grant would last at most %2.</source>
        <translation>对方请求保存数据 %1；授权最长持续 %2。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>a grant would last at most %1.</source>
        <translation>授权最长持续 %1。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>passing the data on cannot be allowed.</source>
        <translation>不能允许转交数据。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the further processing asked for cannot be allowed.</source>
        <translation>所请求的进一步处理不能被允许。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the organisation is not marked compliant.</source>
        <translation>该机构未被标记为合规。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Longer retention: %1 instead of %2.</source>
        <translation>保存期限延长：%1，而不是 %2。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Shorter retention: %1 instead of %2.</source>
        <translation>保存期限缩短：%1，而不是 %2。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Retention as before: %1.</source>
        <translation>保存期限不变：%1。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The purpose is worded differently. Before: “%1”. Now: “%2”.</source>
        <translation>目的的措辞有变化。以前：“%1”。现在：“%2”。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The purpose is worded as before.</source>
        <translation>目的的措辞与以前相同。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>New field: %1</source>
        <translation>新增字段：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No longer asked: field %1</source>
        <translation>不再请求：字段 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Field %1, as already granted</source>
        <translation>字段 %1，与已授权的相同</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>New purpose: %1</source>
        <translation>新增目的：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No longer asked: purpose %1</source>
        <translation>不再请求：目的 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Purpose %1, as already granted</source>
        <translation>目的 %1，与已授权的相同</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>New onward recipient: %1</source>
        <translation>新增转交对象：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No longer asked: passing on to %1</source>
        <translation>不再请求：转交给 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Passing on to %1, as already granted</source>
        <translation>转交给 %1，与已授权的相同</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>New processing: %1</source>
        <translation>新增处理：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No longer asked: %1</source>
        <translation>不再请求：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1, as already granted</source>
        <translation>%1，与已授权的相同</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Year only</source>
        <translation>仅年份</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Releases only the year, such as 1990.</source>
        <translation>只发布年份，例如 1990。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Age range</source>
        <translation>年龄段</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Releases an age range such as 30-39, on today&apos;s date.</source>
        <translation>按今天的日期发布一个年龄段，例如 30-39。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Is at least this old (yes/no)</source>
        <translation>是否达到此年龄（是/否）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Releases only yes or no: whether you are at least this many years old.</source>
        <translation>只发布“是”或“否”：您是否已满此年龄。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Start of the postal code</source>
        <translation>邮政编码开头</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Releases only the first characters of the postal code.</source>
        <translation>只发布邮政编码的前几个字符。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>City only</source>
        <translation>仅城市</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Releases only the city of the address.</source>
        <translation>只发布地址中的城市。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Region only</source>
        <translation>仅地区</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Releases only the region of the address.</source>
        <translation>只发布地址中的地区。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Lives in a country (yes/no)</source>
        <translation>是否居住在某国家（是/否）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Releases only yes or no: whether the address is in the country you name.</source>
        <translation>只发布“是”或“否”：地址是否在您指定的国家。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Is this country (yes/no)</source>
        <translation>是否为此国家（是/否）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Releases only yes or no: whether the value is the country you name.</source>
        <translation>只发布“是”或“否”：该值是否为您指定的国家。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Above a threshold (yes/no)</source>
        <translation>是否高于阈值（是/否）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Releases only yes or no: whether the number is above the threshold.</source>
        <translation>只发布“是”或“否”：数值是否高于阈值。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Below a threshold (yes/no)</source>
        <translation>是否低于阈值（是/否）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Releases only yes or no: whether the number is below the threshold.</source>
        <translation>只发布“是”或“否”：数值是否低于阈值。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Range</source>
        <translation>区间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Releases only the range the number falls in, such as [30000, 40000).</source>
        <translation>只发布数值所在的区间，例如 [30000, 40000)。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Rounded</source>
        <translation>取近似值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Releases the number rounded to a few significant digits.</source>
        <translation>发布保留少数几位有效数字的近似值。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>With random noise</source>
        <translation>加入随机噪声</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Releases the number with random noise added. The preview shows the exact noisy value that will be sent.</source>
        <translation>发布加入随机噪声的数值。预览显示的就是将要发送的确切加噪值。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Domain only</source>
        <translation>仅域名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Releases only the part after the @, such as example.org.</source>
        <translation>只发布 @ 之后的部分，例如 example.org。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Pseudonym for this organisation</source>
        <translation>针对该机构的化名</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Releases a code that stays the same for this organisation but cannot be linked by others.</source>
        <translation>发布一个代码：对该机构始终相同，但其他人无法将其关联起来。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Say it exists, hide the value</source>
        <translation>说明存在，隐藏数值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tells the organisation you have this data without releasing it.</source>
        <translation>告诉该机构您有这项数据，但不发布它。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Size of each range</source>
        <translation>每个区间的大小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Age in years</source>
        <translation>年龄（岁）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Characters to keep</source>
        <translation>保留的字符数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Country (two-letter code, e.g. DE)</source>
        <translation>国家（两个字母的代码，如 DE）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Threshold</source>
        <translation>阈值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Significant digits to keep</source>
        <translation>保留的有效数字位数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Privacy level</source>
        <translation>隐私强度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Size of a change to hide (in the value&apos;s units)</source>
        <translation>要隐藏的变化幅度（以该值的单位计）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Light: small noise, the value stays close</source>
        <translation>轻度：噪声小，数值接近原值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Medium</source>
        <translation>中等</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Strong: large noise, the value is very rough</source>
        <translation>强：噪声大，数值非常粗略</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>(no value: only that the field exists)</source>
        <translation>（无值：仅表明该字段存在）</translation>
    </message>
    <message>
        <location line="+2"/>
        <location filename="../../gui/field_words.py" line="+74"/>
        <source>yes</source>
        <extracomment>the labels the person gave their fields, by key, while the vault is unlocked (kept by :class:`LabelCache`)</extracomment>
        <translation>是</translation>
    </message>
    <message>
        <location line="+2"/>
        <location filename="../../gui/field_words.py" line="+2"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>It is too large to be a message for this app.</source>
        <translation>它太大，不可能是本应用的消息。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>It is incomplete or damaged, or not a Personal Data Vault message at all.</source>
        <translation>它不完整或已损坏，或者根本不是个人数据保险库的消息。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>It is incomplete or damaged: its content does not match the sender&apos;s signature. Ask the sender for it again.</source>
        <translation>它不完整或已损坏：其内容与发送者的签名不符。请让发送者重新发送。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>It is signed by a key that is not trusted for this sender (for a certifier&apos;s list: trust the certifier first).</source>
        <translation>它的签名密钥不受该发送方信任（如为认证机构名单：请先信任该认证机构）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>It is not newer than the list you already have from this certifier.</source>
        <translation>它并不比您已有的该认证机构名单更新。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Nobody you trust has assessed it (the certifier&apos;s assessment has run out)</source>
        <translation>没有您信任的人评估过它（认证机构的评估已过期）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>a certifier</source>
        <translation>某个认证机构</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Assessed by %1, valid until %2</source>
        <translation>由 %1 评估，有效期至 %2</translation>
    </message>
    <message>
        <location line="-49"/>
        <source>It uses a kind of signature or encryption this app does not accept.</source>
        <translation>它使用了本应用不接受的签名或加密方式。</translation>
    </message>
    <message>
        <location line="-277"/>
        <source>deriving new data</source>
        <translation>派生新数据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>drawing conclusions</source>
        <translation>得出结论</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Never let an organisation analyse your data, derive new data or conclusions from it, or profile you.</source>
        <translation>绝不允许机构分析您的数据、从中派生新数据或得出结论，或为您建立画像。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Never allow this with your data: %1.</source>
        <translation>绝不允许对您的数据进行以下处理：%1。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>No analysis, new data, conclusions or profiling</source>
        <translation>禁止分析、派生新数据、得出结论或画像</translation>
    </message>
    <message>
        <location line="+212"/>
        <source>It is a different kind of message than expected.</source>
        <translation>它不是预期类型的消息。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>It is encrypted for someone else, or it was changed.</source>
        <translation>它是为别人加密的，或已被篡改。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>It has expired; ask the sender for a new one.</source>
        <translation>它已过期；请向发送方索取新的。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>It is not valid yet. Check this computer&apos;s clock.</source>
        <translation>它尚未生效。请检查本机时钟。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>It claims to be issued in the future. Check this computer&apos;s clock.</source>
        <translation>它声称签发于未来时间。请检查本机时钟。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>It is addressed to someone else.</source>
        <translation>它是发给别人的。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>It was already received once; a copy is not accepted again.</source>
        <translation>它已经接收过一次；副本不会再次被接受。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Required information is missing from it.</source>
        <translation>其中缺少必需的信息。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Some of its content is not valid.</source>
        <translation>其中部分内容无效。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>It was made by a newer version of the protocol.</source>
        <translation>它由更新版本的协议生成。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>It is not a kind of message this app knows.</source>
        <translation>本应用不认识这种消息。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>It is compressed, which this app refuses for safety.</source>
        <translation>它经过压缩，为安全起见本应用拒绝接受。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>It does not answer anything you sent.</source>
        <translation>它不是对您发送的任何内容的答复。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>It refers to a grant this organisation was never given.</source>
        <translation>它引用了从未给予该机构的授权。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>It is already in your inbox.</source>
        <translation>它已在您的收件箱中。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Nobody you trust has assessed it</source>
        <translation>您信任的任何人都未评估过它</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Your own judgement</source>
        <translation>您自己的判断</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Unknown source</source>
        <translation>来源不明</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>You blocked %1.</source>
        <translation>您屏蔽了 %1。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 does not meet privacy-protection requirements, so nothing may be released to it.</source>
        <translation>%1 不符合隐私保护要求，因此不能向其发布任何数据。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 is suspended, so nothing may be released to it.</source>
        <translation>%1 已被暂停，因此不能向其发布任何数据。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>It refers to a grant %1 does not hold.</source>
        <translation>它引用了 %1 并未持有的授权。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Your rule “%1” refuses it.</source>
        <translation>您的规则“%1”拒绝了它。</translation>
    </message>
    <message numerus="yes">
        <location line="+12"/>
        <source>%1 was already checked %n time(s) in the last %2 days. More answers could give its value away, so your vault does not answer about it.</source>
        <translation>
            <numerusform>%1 在过去 %2 天内已被核实 %n 次。再回答可能泄露它的值，因此您的保险库不回答这一项。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Your rule “%1” never releases %2, so your vault does not answer about it.</source>
        <translation>您的规则“%1”绝不发布%2，因此您的保险库不回答这一项。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>One of your rules never releases %1, so your vault does not answer about it.</source>
        <translation>您的一条规则绝不发布%1，因此您的保险库不回答这一项。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your vault does not answer about %1.</source>
        <translation>您的保险库不回答关于%1的核实。</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>the wording of the purpose</source>
        <translation>目的的措辞</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the retention</source>
        <translation>保存期限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>As already granted: %1.</source>
        <translation>与已授权的相同：%1。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>used</source>
        <translation>使用了</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>stored</source>
        <translation>存储了</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>analysed</source>
        <translation>分析了</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>derived new data from</source>
        <translation>派生了新数据，来源为</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>drew conclusions from</source>
        <translation>推断了</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>profiled you with</source>
        <translation>用于对您画像：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>passed on</source>
        <translation>转交了</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>deleted</source>
        <translation>删除了</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>It used the data after the grant had expired.</source>
        <translation>它在授权过期后使用了这些数据。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>It used the data after you revoked the grant.</source>
        <translation>它在您撤销授权后使用了这些数据。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>It used the data under a grant that a newer one had replaced.</source>
        <translation>它依据一项已被新授权取代的授权使用了这些数据。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>It used the data for a purpose other than the one you granted.</source>
        <translation>它把数据用于您所授权目的以外的目的。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>It passed the data on to someone the grant does not name.</source>
        <translation>它把数据转交给了授权中未列明的对象。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>It analysed the data or derived new data without your permission.</source>
        <translation>它未经您的许可分析了数据或派生了新数据。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>It reported using a field you did not release to it.</source>
        <translation>它报告使用了一个您并未发布给它的字段。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>It refused to erase your data.</source>
        <translation>它拒绝删除您的数据。</translation>
    </message>
</context>
</TS>
