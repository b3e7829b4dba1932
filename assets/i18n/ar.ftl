# العربية
# Drawn in logical order until right-to-left drawing lands (issue 21).

## شاشة الدخول
login-title = helpline · تسجيل الدخول
login-database = قاعدة البيانات:
login-username = اسم المستخدم
login-password = كلمة المرور
login-checking = جارٍ التحقق…
login-need-username = اكتب اسم المستخدم.
login-need-password = اكتب كلمة المرور.
login-hint-submit = دخول
login-hint-next-field = الحقل التالي
login-hint-quit = خروج
login-hint-language = اللغة

## علامات تبويب الألواح
pane-intake = الاستقبال
pane-intake-short = استقبال
pane-intake-tiny = استق
pane-risk = الخطر
pane-risk-short = الخطر
pane-risk-tiny = خطر
pane-cases = الحالات
pane-cases-short = الحالات
pane-cases-tiny = حالات
pane-referrals = الإحالات
pane-referrals-short = الإحالات
pane-referrals-tiny = إحالة
pane-alerts = التنبيهات
pane-alerts-short = تنبيهات
pane-alerts-tiny = تنبيه
pane-services = الخدمات
pane-services-short = الخدمات
pane-services-tiny = خدمات
pane-reports = التقارير
pane-reports-short = التقارير
pane-reports-tiny = تقارير
pane-follow-ups = المتابعات
pane-follow-ups-short = المتابعة
pane-follow-ups-tiny = متابعة
pane-wallboard = لوحة العرض
pane-wallboard-short = اللوحة
pane-wallboard-tiny = لوحة
pane-audit = سجل التدقيق
pane-audit-short = التدقيق
pane-audit-tiny = تدقيق

## سطر المفاتيح
hint-next-pane = اللوح التالي
hint-help = مساعدة
hint-logout = تسجيل الخروج
hint-quit = خروج

## شريط الحالة
role-operator = مستشار/ة الخط
role-caseworker = مدير/ة حالات
role-supervisor = مشرف/ة
role-admin = مسؤول/ة النظام
status-on-shift = في المناوبة { $hours } س { $minutes } د
status-no-alerts = ✓ لا تنبيهات
status-alerts =
    { $count ->
        [zero] ✓ لا تنبيهات
        [one] ⚠ تنبيه واحد
        [two] ⚠ تنبيهان
        [few] ⚠ { $count } تنبيهات
       *[other] ⚠ { $count } تنبيهًا
    }
