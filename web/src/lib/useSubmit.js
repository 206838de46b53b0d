// useSubmit runs a form's change the same way on every page: antd's own
// validation first; then the request (quiet, so the client shows no toast of
// its own); the server's field error under the field it names, any other
// error as a message; a success message when it is done.
import { useState } from 'react';
import { App } from 'antd';
import { errorText, fieldErrorFor } from './formErrors';
export function useSubmit(form, run, opts) {
    const { message } = App.useApp();
    const [busy, setBusy] = useState(false);
    const submit = async () => {
        let values;
        try {
            values = await form.validateFields();
        }
        catch {
            return { ok: false };
        }
        setBusy(true);
        try {
            const r = await run(values);
            message.success(typeof opts.success === 'function' ? opts.success(r) : opts.success);
            return { ok: true, result: r };
        }
        catch (e) {
            const fe = fieldErrorFor(e, Object.keys(values), opts.aliases);
            if (fe)
                form.setFields([fe]);
            else
                message.error(errorText(e));
            return { ok: false };
        }
        finally {
            setBusy(false);
        }
    };
    return { submit, busy };
}
