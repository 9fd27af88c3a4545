const char *greeting = "grüß dich € 🔒";
