# Español

## La pantalla de acceso
login-title = helpline · iniciar sesión
login-database = Base de datos:
login-username = Usuario
login-password = Contraseña
login-checking = Comprobando…
login-need-username = Escriba su nombre de usuario.
login-need-password = Escriba su contraseña.
login-hint-submit = entrar
login-hint-next-field = campo siguiente
login-hint-quit = salir
login-hint-language = idioma

## Pestañas de los paneles
pane-intake = Atención
pane-intake-short = Atención
pane-intake-tiny = Aten
pane-risk = Riesgo
pane-risk-short = Riesgo
pane-risk-tiny = Rsgo
pane-cases = Casos
pane-cases-short = Casos
pane-cases-tiny = Caso
pane-referrals = Derivaciones
pane-referrals-short = Deriv
pane-referrals-tiny = Der
pane-alerts = Alertas
pane-alerts-short = Alertas
pane-alerts-tiny = Alrt
pane-services = Servicios
pane-services-short = Serv
pane-services-tiny = Serv
pane-reports = Informes
pane-reports-short = Inf
pane-reports-tiny = Inf
pane-follow-ups = Seguimientos
pane-follow-ups-short = Seguim
pane-follow-ups-tiny = Seg
pane-wallboard = Panel
pane-wallboard-short = Panel
pane-wallboard-tiny = Pnl
pane-audit = Auditoría
pane-audit-short = Audit
pane-audit-tiny = Aud

## La línea de teclas
hint-next-pane = panel siguiente
hint-help = ayuda
hint-logout = cerrar sesión
hint-quit = salir

## La barra de estado
role-operator = Operador/a
role-caseworker = Gestor/a de casos
role-supervisor = Supervisor/a
role-admin = Administrador/a
status-on-shift = en turno { $hours } h { $minutes } min
status-no-alerts = ✓ sin alertas
status-alerts =
    { $count ->
        [one] ⚠ 1 alerta
       *[other] ⚠ { $count } alertas
    }
