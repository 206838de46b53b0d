import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
// The SKU import: a CSV (UTF-8 or GBK) or .xlsx sheet sent as it is to
// POST /api/v1/skus/import, by the rules of `fnshub import skus`. A sheet
// with a bad row imports nothing unless "skip bad rows" is on; either way
// every bad row is listed by row, column and reason.
import { useState } from 'react';
import { Alert, Button, Checkbox, Progress, Space, Table, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, upload } from '../../api/client';
import { contentTypeOf } from './unmapped';
export default function SKUImport() {
    const { t } = useTranslation('products');
    const [file, setFile] = useState(null);
    const [skipBad, setSkipBad] = useState(false);
    const [sent, setSent] = useState(null);
    const [outcome, setOutcome] = useState(null);
    const type = file ? contentTypeOf(file.name) : null;
    const run = async () => {
        if (!file || !type)
            return;
        setOutcome(null);
        setSent(0);
        try {
            const result = await upload('/api/v1/skus/import', file, type, {
                query: { skip_bad: skipBad ? 'true' : undefined },
                onProgress: (n, total) => setSent(total ? Math.round((n * 100) / total) : 100),
            });
            setOutcome({ kind: 'imported', result });
        }
        catch (e) {
            const rows = e instanceof ApiError ? (e.body?.rows ?? []) : [];
            setOutcome({ kind: 'refused', message: e instanceof Error ? e.message : String(e), rows });
        }
        finally {
            setSent(null);
        }
    };
    const rows = outcome?.kind === 'imported' ? outcome.result.errors : (outcome?.rows ?? []);
    return (_jsxs(Space, { direction: "vertical", style: { width: '100%' }, size: "middle", children: [_jsx(Typography.Paragraph, { type: "secondary", style: { marginBottom: 0 }, children: t('import.help') }), _jsxs(Upload.Dragger, { accept: ".csv,.xlsx,.txt", maxCount: 1, beforeUpload: (f) => {
                    setFile(f);
                    setOutcome(null);
                    return false; // sent by the import button, as the raw body
                }, onRemove: () => setFile(null), fileList: file ? [{ uid: '1', name: file.name, status: 'done' }] : [], "data-testid": "sku-import-file", children: [_jsx("p", { className: "ant-upload-drag-icon", children: _jsx(InboxOutlined, {}) }), _jsx("p", { className: "ant-upload-text", children: t('import.drop') }), _jsx("p", { className: "ant-upload-hint", children: t('import.hint') })] }), file && !type && _jsx(Alert, { type: "error", showIcon: true, message: t('import.badType') }), _jsxs(Space, { children: [_jsx(Checkbox, { checked: skipBad, onChange: (e) => setSkipBad(e.target.checked), children: t('import.skipBad') }), _jsx(Button, { type: "primary", disabled: !file || !type, loading: sent !== null, onClick: run, "data-testid": "sku-import-run", children: t('import.run') })] }), sent !== null && (_jsxs("div", { "data-testid": "sku-import-progress", children: [_jsx(Progress, { percent: sent, status: "active" }), _jsx(Typography.Text, { type: "secondary", children: sent < 100 ? t('import.sending') : t('import.checking') })] })), outcome?.kind === 'imported' && (_jsx(Alert, { type: rows.length ? 'warning' : 'success', showIcon: true, "data-testid": "sku-import-result", message: t('import.imported', { count: outcome.result.imported }), description: rows.length ? t('import.skipped', { count: rows.length }) : undefined })), outcome?.kind === 'refused' && _jsx(Alert, { type: "error", showIcon: true, "data-testid": "sku-import-result", message: t('import.refused'), description: outcome.message }), rows.length > 0 && (_jsx(Table, { size: "small", rowKey: (r) => `${r.row}|${r.column ?? ''}|${r.reason}`, dataSource: rows, "data-testid": "sku-import-errors", pagination: { defaultPageSize: 20, hideOnSinglePage: true }, columns: [
                    { title: t('import.row'), dataIndex: 'row', width: 80 },
                    { title: t('import.column'), dataIndex: 'column', width: 160 },
                    { title: t('import.reason'), dataIndex: 'reason' },
                ] }))] }));
}
