<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>FieldsPage</name>
    <message numerus="yes">
        <location filename="../../gui/pages/fields.py" line="+245"/>
        <source>%n field(s) match.</source>
        <translation>
            <numerusform>%n field matches.</numerusform>
            <numerusform>%n fields match.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%n field(s) in this vault.</source>
        <translation>
            <numerusform>%n field in this vault.</numerusform>
            <numerusform>%n fields in this vault.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+86"/>
        <source>Copied the value of “%1”. The clipboard will be cleared in %n second(s).</source>
        <translation>
            <numerusform>Copied the value of “%1”. The clipboard will be cleared in %n second.</numerusform>
            <numerusform>Copied the value of “%1”. The clipboard will be cleared in %n seconds.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HistoryPage</name>
    <message numerus="yes">
        <location filename="../../gui/pages/history.py" line="+264"/>
        <source>%n entry(s)</source>
        <translation>
            <numerusform>%n entry</numerusform>
            <numerusform>%n entries</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n matching entry(s)</source>
        <translation>
            <numerusform>%n matching entry</numerusform>
            <numerusform>%n matching entries</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message numerus="yes">
        <location filename="../../gui/pages/home.py" line="+111"/>
        <source>Lock the vault with Ctrl+L when you step away. It also locks itself after %n minute(s) without use.</source>
        <translation>
            <numerusform>Lock the vault with Ctrl+L when you step away. It also locks itself after %n minute without use.</numerusform>
            <numerusform>Lock the vault with Ctrl+L when you step away. It also locks itself after %n minutes without use.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+17"/>
        <source>You keep %n field(s) in this vault.</source>
        <translation>
            <numerusform>You keep %n field in this vault.</numerusform>
            <numerusform>You keep %n fields in this vault.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>The history holds %n entry(s).</source>
        <translation>
            <numerusform>The history holds %n entry.</numerusform>
            <numerusform>The history holds %n entries.</numerusform>
        </translation>
    </message>
</context>
</TS>
