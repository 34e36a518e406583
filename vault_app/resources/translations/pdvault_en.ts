<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ConsentUi</name>
    <message numerus="yes">
        <location filename="../../gui/consent_ui.py" line="+228"/>
        <source>Usage receipt from %1 filed: %n problem(s) found. See the grant on the Grants page.</source>
        <translation>
            <numerusform>Usage receipt from %1 filed: %n problem found. See the grant on the Grants page.</numerusform>
            <numerusform>Usage receipt from %1 filed: %n problems found. See the grant on the Grants page.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FieldsPage</name>
    <message numerus="yes">
        <location filename="../../gui/pages/fields.py" line="+263"/>
        <source>%n field(s) match.</source>
        <translation>
            <numerusform>%n field matches.</numerusform>
            <numerusform>%n fields match.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>%n field(s) in this vault.</source>
        <translation>
            <numerusform>%n field in this vault.</numerusform>
            <numerusform>%n fields in this vault.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+96"/>
        <source>Copied the value of “%1”. The clipboard will be cleared in %n second(s).</source>
        <translation>
            <numerusform>Copied the value of “%1”. The clipboard will be cleared in %n second.</numerusform>
            <numerusform>Copied the value of “%1”. The clipboard will be cleared in %n seconds.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GrantsPage</name>
    <message numerus="yes">
        <location filename="../../gui/pages/grants.py" line="+308"/>
        <source>%n grant(s)</source>
        <extracomment>gateway addresses given in this session, per organisation (asked once, never stored)</extracomment>
        <translation>
            <numerusform>%n grant</numerusform>
            <numerusform>%n grants</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+120"/>
        <source>What the organisation reported doing (%n receipt(s)):</source>
        <translation>
            <numerusform>What the organisation reported doing (%n receipt):</numerusform>
            <numerusform>What the organisation reported doing (%n receipts):</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+20"/>
        <source>%n problem(s) found in what the organisation reported:</source>
        <translation>
            <numerusform>%n problem found in what the organisation reported:</numerusform>
            <numerusform>%n problems found in what the organisation reported:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+62"/>
        <source>%n more grant(s) that depended on it were revoked with it.</source>
        <translation>
            <numerusform>%n more grant that depended on it was revoked with it.</numerusform>
            <numerusform>%n more grants that depended on it were revoked with it.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+166"/>
        <source>%n message(s) from %1 fetched and filed.</source>
        <translation>
            <numerusform>%n message from %1 fetched and filed.</numerusform>
            <numerusform>%n messages from %1 fetched and filed.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n message(s) refused; see the history.</source>
        <translation>
            <numerusform>%n message refused; see the history.</numerusform>
            <numerusform>%n messages refused; see the history.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HistoryPage</name>
    <message numerus="yes">
        <location filename="../../gui/pages/history.py" line="+308"/>
        <location line="+138"/>
        <source>%n entry(s)</source>
        <translation>
            <numerusform>%n entry</numerusform>
            <numerusform>%n entries</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="-136"/>
        <source>%n matching entry(s)</source>
        <translation>
            <numerusform>%n matching entry</numerusform>
            <numerusform>%n matching entries</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+137"/>
        <source>%n signed checkpoint(s)</source>
        <translation>
            <numerusform>%n signed checkpoint</numerusform>
            <numerusform>%n signed checkpoints</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message numerus="yes">
        <location filename="../../gui/pages/home.py" line="+158"/>
        <source>Lock the vault with Ctrl+L when you step away. It also locks itself after %n minute(s) without use.</source>
        <translation>
            <numerusform>Lock the vault with Ctrl+L when you step away. It also locks itself after %n minute without use.</numerusform>
            <numerusform>Lock the vault with Ctrl+L when you step away. It also locks itself after %n minutes without use.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+21"/>
        <source>You keep %n field(s) in this vault.</source>
        <translation>
            <numerusform>You keep %n field in this vault.</numerusform>
            <numerusform>You keep %n fields in this vault.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>The history holds %n entry(s).</source>
        <translation>
            <numerusform>The history holds %n entry.</numerusform>
            <numerusform>The history holds %n entries.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>%n request(s) are waiting for your answer.</source>
        <translation>
            <numerusform>%n request is waiting for your answer.</numerusform>
            <numerusform>%n requests are waiting for your answer.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportDataDialog</name>
    <message numerus="yes">
        <location filename="../../gui/dialogs/import_data.py" line="+180"/>
        <source>The file has %n problem(s):</source>
        <translation>
            <numerusform>The file has %n problem:</numerusform>
            <numerusform>The file has %n problems:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+10"/>
        <source>… and %n more.</source>
        <translation>
            <numerusform>… and %n more.</numerusform>
            <numerusform>… and %n more.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Import the %n good item(s) anyway</source>
        <translation>
            <numerusform>Import the %n good item anyway</numerusform>
            <numerusform>Import the %n good items anyway</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+30"/>
        <source>&amp;Import %n field(s)</source>
        <translation>
            <numerusform>&amp;Import %n field</numerusform>
            <numerusform>&amp;Import %n fields</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>InboxPage</name>
    <message numerus="yes">
        <location filename="../../gui/pages/inbox.py" line="+271"/>
        <source>Refused automatically, by your rules or because of the organisation&apos;s standing: %n request(s).</source>
        <translation>
            <numerusform>Refused automatically, by your rules or because of the organisation&apos;s standing: %n request.</numerusform>
            <numerusform>Refused automatically, by your rules or because of the organisation&apos;s standing: %n requests.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <location filename="../../gui/mainwindow.py" line="+303"/>
        <source>%n field(s) added to My data.</source>
        <translation>
            <numerusform>%n field added to My data.</numerusform>
            <numerusform>%n fields added to My data.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n field(s) you already had were left as they were.</source>
        <translation>
            <numerusform>%n field you already had was left as it was.</numerusform>
            <numerusform>%n fields you already had were left as they were.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SendPanel</name>
    <message numerus="yes">
        <location filename="../../gui/widgets/send.py" line="+96"/>
        <source>Copied. Paste it where the organisation asks for it; the clipboard is cleared in %n second(s).</source>
        <translation>
            <numerusform>Copied. Paste it where the organisation asks for it; the clipboard is cleared in %n second.</numerusform>
            <numerusform>Copied. Paste it where the organisation asks for it; the clipboard is cleared in %n seconds.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message numerus="yes">
        <location filename="../../gui/consent_words.py" line="+278"/>
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n day</numerusform>
            <numerusform>%n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n hour(s)</source>
        <translation>
            <numerusform>%n hour</numerusform>
            <numerusform>%n hours</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n minute</numerusform>
            <numerusform>%n minutes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="-4"/>
        <source>%n month(s)</source>
        <translation>
            <numerusform>%n month</numerusform>
            <numerusform>%n months</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n week(s)</source>
        <translation>
            <numerusform>%n week</numerusform>
            <numerusform>%n weeks</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+360"/>
        <source>%1 was already checked %n time(s) in the last %2 days. More answers could give its value away, so your vault does not answer about it.</source>
        <translation>
            <numerusform>%1 was already checked %n time in the last %2 days. More answers could give its value away, so your vault does not answer about it.</numerusform>
            <numerusform>%1 was already checked %n times in the last %2 days. More answers could give its value away, so your vault does not answer about it.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="-362"/>
        <source>%n year(s)</source>
        <translation>
            <numerusform>%n year</numerusform>
            <numerusform>%n years</numerusform>
        </translation>
    </message>
</context>
</TS>
