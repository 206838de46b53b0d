// Every string the console shows lives in locales/<lang>/<page>.json: one
// file per page (its i18next namespace) plus common.json for the frame.
// A new page adds locales/zh-CN/<page>.json and locales/en/<page>.json and
// calls useTranslation('<page>'); nothing here changes.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
export const languages = ['zh-CN', 'en'];
const files = import.meta.glob('../locales/*/*.json', { eager: true, import: 'default' });
const resources = {};
for (const [path, table] of Object.entries(files)) {
    const m = /locales\/([^/]+)\/([^/]+)\.json$/.exec(path);
    if (!m)
        continue;
    (resources[m[1]] ??= {})[m[2]] = table;
}
const stored = localStorage.getItem('fnshub.lang');
const initial = stored === 'en' ? 'en' : 'zh-CN';
i18n.use(initReactI18next).init({
    resources,
    lng: initial,
    fallbackLng: 'zh-CN',
    defaultNS: 'common',
    ns: Object.keys(resources['zh-CN'] ?? {}),
    interpolation: { escapeValue: false },
    returnNull: false,
});
document.documentElement.lang = initial;
dayjs.locale(initial === 'en' ? 'en' : 'zh-cn');
export function setLanguage(lang) {
    localStorage.setItem('fnshub.lang', lang);
    document.documentElement.lang = lang;
    dayjs.locale(lang === 'en' ? 'en' : 'zh-cn');
    void i18n.changeLanguage(lang);
}
export default i18n;
