/**
 * Generated from GET /api/openapi.json by `npm run gen:api` (scripts/gen-api-types.ts).
 * Do not edit: change the route schemas and run it again.
 */
export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness and database reachability */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ok";
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "unavailable";
                            error: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/login-options": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Sign-in options for RustDesk clients */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string[];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Password sign-in for RustDesk clients */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        username?: string;
                        password?: string;
                        id?: string;
                        uuid?: string;
                        type?: string;
                        deviceInfo?: unknown;
                        verificationCode?: string;
                        tfaCode?: string;
                        secret?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            access_token: string;
                            type: string;
                            tfa_type?: string;
                            secret?: string;
                            user: {
                                name: string;
                                display_name: string;
                                avatar: string;
                                email: string;
                                note: string;
                                status: 1 | 0 | -1;
                                is_admin: boolean;
                                info: {
                                    email_verification: boolean;
                                    email_alarm_notification: boolean;
                                    login_device_whitelist: {
                                        data: string;
                                        info: {
                                            os?: string;
                                            type?: string;
                                            name?: string;
                                        } & {
                                            [key: string]: unknown;
                                        };
                                        exp: number;
                                    }[];
                                    other: {
                                        [key: string]: string;
                                    };
                                };
                                third_auth_type?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/currentUser": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The signed-in RustDesk user */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": unknown;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            name: string;
                            display_name: string;
                            avatar: string;
                            email: string;
                            note: string;
                            status: 1 | 0 | -1;
                            is_admin: boolean;
                            info: {
                                email_verification: boolean;
                                email_alarm_notification: boolean;
                                login_device_whitelist: {
                                    data: string;
                                    info: {
                                        os?: string;
                                        type?: string;
                                        name?: string;
                                    } & {
                                        [key: string]: unknown;
                                    };
                                    exp: number;
                                }[];
                                other: {
                                    [key: string]: string;
                                };
                            };
                            third_auth_type?: string;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign a RustDesk client out (revokes its token) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": unknown;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/oidc/auth": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start a RustDesk client single sign-on; `url` opens in the browser */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        op: string;
                        id: string;
                        uuid: string;
                        deviceInfo?: unknown;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            url: string;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/oidc/auth-query": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Poll a RustDesk client sign-in: pending, then the token once */
        get: {
            parameters: {
                query: {
                    code: string;
                    id: string;
                    uuid: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            access_token: string;
                            type: string;
                            tfa_type?: string;
                            secret?: string;
                            user: {
                                name: string;
                                display_name: string;
                                avatar: string;
                                email: string;
                                note: string;
                                status: 1 | 0 | -1;
                                is_admin: boolean;
                                info: {
                                    email_verification: boolean;
                                    email_alarm_notification: boolean;
                                    login_device_whitelist: {
                                        data: string;
                                        info: {
                                            os?: string;
                                            type?: string;
                                            name?: string;
                                        } & {
                                            [key: string]: unknown;
                                        };
                                        exp: number;
                                    }[];
                                    other: {
                                        [key: string]: string;
                                    };
                                };
                                third_auth_type?: string;
                            };
                        } | {
                            error: string;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/heartbeat": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Device heartbeat */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description JSON object with at least id and uuid */
            requestBody: {
                content: {
                    "application/json": unknown;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            modified_at: number;
                            /** @enum {number} */
                            sysinfo?: 1;
                            disconnect?: number[];
                            strategy?: {
                                config_options: {
                                    [key: string]: string;
                                };
                            };
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/sysinfo": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Device system information: answers SYSINFO_UPDATED or ID_NOT_FOUND as plain text */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description JSON object with at least id and uuid */
            requestBody: {
                content: {
                    "application/json": unknown;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/sysinfo_ver": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sysinfo version token (clients 1.3.8–1.4.0) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": unknown;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/device-group/accessible": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Device groups the signed-in person may reach */
        get: {
            parameters: {
                query?: {
                    current?: number;
                    /** @description served in pages of at most 100 */
                    pageSize?: number;
                    accessible?: string;
                    /** @description people and devices of this status only: 1 normal or enabled, 0 disabled, -1 unverified (people); device groups have none */
                    status?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            total: number;
                            data: {
                                name: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** People whose devices the signed-in person may see */
        get: {
            parameters: {
                query?: {
                    current?: number;
                    /** @description served in pages of at most 100 */
                    pageSize?: number;
                    accessible?: string;
                    /** @description people and devices of this status only: 1 normal or enabled, 0 disabled, -1 unverified (people); device groups have none */
                    status?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            total: number;
                            data: {
                                name: string;
                                display_name: string;
                                avatar: string;
                                email: string;
                                note: string;
                                status: 1 | 0 | -1;
                                is_admin: boolean;
                                info: {
                                    email_verification: boolean;
                                    email_alarm_notification: boolean;
                                    login_device_whitelist: {
                                        data: string;
                                        info: {
                                            os?: string;
                                            type?: string;
                                            name?: string;
                                        } & {
                                            [key: string]: unknown;
                                        };
                                        exp: number;
                                    }[];
                                    other: {
                                        [key: string]: string;
                                    };
                                };
                                third_auth_type?: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/peers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Devices the signed-in person may see */
        get: {
            parameters: {
                query?: {
                    current?: number;
                    /** @description served in pages of at most 100 */
                    pageSize?: number;
                    accessible?: string;
                    /** @description people and devices of this status only: 1 normal or enabled, 0 disabled, -1 unverified (people); device groups have none */
                    status?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            total: number;
                            data: {
                                id: string;
                                info: {
                                    username: string;
                                    os: string;
                                    device_name: string;
                                };
                                /** @description 1 enabled, 0 disabled */
                                status: number;
                                /** @description the owner’s username */
                                user: string;
                                /** @description the owner’s username (the client filters by it) */
                                user_name: string;
                                device_group_name: string;
                                note: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/devices/cli": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** rustdesk --assign: set a device’s owner, device group, note, desktop user or name, or put it into a shared address book; an empty 200 when done */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description {id, uuid, user_name?, device_group_name?, note?, device_username?, device_name?, address_book_name?, address_book_tag?, address_book_alias?, address_book_password?, address_book_note?} */
            requestBody: {
                content: {
                    "application/json": unknown;
                };
            };
            responses: {
                /** @description Empty: done */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/devices/deploy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** rustdesk --deploy: OK (deployed, while rendezvous.admission is deployment), NOT_ENABLED (deployment is not required), INVALID_INPUT or ID_TAKEN */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description {id, uuid, pk} */
            requestBody: {
                content: {
                    "application/json": unknown;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            result: "OK" | "NOT_ENABLED" | "INVALID_INPUT" | "ID_TAKEN";
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/audit/conn": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Connection record of the controlled device, or the controller’s note */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description JSON object; see spec §6 */
            requestBody: {
                content: {
                    "application/json": unknown;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/audit/file": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** File transfer record of the controlled device */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description JSON object; see spec §6 */
            requestBody: {
                content: {
                    "application/json": unknown;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/audit/alarm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Alarm of the controlled device */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description JSON object; see spec §6 */
            requestBody: {
                content: {
                    "application/json": unknown;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/audit/conn/active": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The guid of the signed-in controller’s open connection to a device */
        get: {
            parameters: {
                query: {
                    id: string;
                    session_id: string;
                    conn_type: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** The controller’s note on their connection */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description JSON object; see spec §6 */
            requestBody: {
                content: {
                    "application/json": unknown;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/ab/personal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The guid of the signed-in person’s personal address book */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            guid: string;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /** The guid of the signed-in person’s personal address book */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            guid: string;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/ab/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The most peers one address book holds (0: no limit) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            max_peer_one_ab: number;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /** The most peers one address book holds (0: no limit) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            max_peer_one_ab: number;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/ab/shared/profiles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Shared address books the signed-in person may read (never the personal one) */
        get: {
            parameters: {
                query?: {
                    current?: number;
                    /** @description served in pages of at most 100 */
                    pageSize?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            total: number;
                            data: {
                                guid: string;
                                name: string;
                                owner: string;
                                note: string;
                                /** @description 1 read-only, 2 read/write, 3 full control */
                                rule: number;
                                info: {
                                    password?: string;
                                };
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Shared address books the signed-in person may read (never the personal one) */
        post: {
            parameters: {
                query?: {
                    current?: number;
                    /** @description served in pages of at most 100 */
                    pageSize?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            total: number;
                            data: {
                                guid: string;
                                name: string;
                                owner: string;
                                note: string;
                                /** @description 1 read-only, 2 read/write, 3 full control */
                                rule: number;
                                info: {
                                    password?: string;
                                };
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/ab/peers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A page of an address book’s peers */
        get: {
            parameters: {
                query: {
                    current?: number;
                    /** @description served in pages of at most 100 */
                    pageSize?: number;
                    /** @description the book’s guid */
                    ab: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            total: number;
                            data: {
                                id: string;
                                /** @description personal book only: the client’s saved password hash */
                                hash?: string;
                                /** @description shared book only: the password to connect with */
                                password?: string;
                                username: string;
                                hostname: string;
                                platform: string;
                                alias: string;
                                tags: string[];
                                forceAlwaysRelay: "true" | "false";
                                rdpPort: string;
                                rdpUsername: string;
                                loginName: string;
                                device_group_name: string;
                                note: string;
                                same_server: boolean | null;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /** A page of an address book’s peers */
        post: {
            parameters: {
                query: {
                    current?: number;
                    /** @description served in pages of at most 100 */
                    pageSize?: number;
                    /** @description the book’s guid */
                    ab: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            total: number;
                            data: {
                                id: string;
                                /** @description personal book only: the client’s saved password hash */
                                hash?: string;
                                /** @description shared book only: the password to connect with */
                                password?: string;
                                username: string;
                                hostname: string;
                                platform: string;
                                alias: string;
                                tags: string[];
                                forceAlwaysRelay: "true" | "false";
                                rdpPort: string;
                                rdpUsername: string;
                                loginName: string;
                                device_group_name: string;
                                note: string;
                                same_server: boolean | null;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/ab/tags/{guid}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An address book’s tags with their colours */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    guid: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            name: string;
                            /** @description ARGB32 */
                            color: number;
                        }[];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /** An address book’s tags with their colours */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    guid: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            name: string;
                            /** @description ARGB32 */
                            color: number;
                        }[];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/ab/peer/add/{guid}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add a peer (any RustDesk ID) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    guid: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/ab/peer/update/{guid}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Change the fields given of a peer */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    guid: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/ab/peer/{guid}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Move peers (a JSON array of IDs) to the recycle bin */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    guid: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/ab/tag/add/{guid}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add a tag {name, color} */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    guid: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/ab/tag/rename/{guid}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Rename a tag {old, new}, on every peer too */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    guid: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/ab/tag/update/{guid}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Change a tag’s colour {name, color} */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    guid: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/ab/tag/{guid}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete tags (a JSON array of names), from every peer too */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    guid: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/ab": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The personal address book as a legacy client reads it */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Replace the personal address book from a legacy client */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/ab/get": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The personal address book as the Sciter client reads it */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: string;
                            updated_at: number;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/oidc/login/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Console sign-in through a provider; comes back to return_to (a local path) */
        get: {
            parameters: {
                query?: {
                    return_to?: string;
                };
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/oidc/start/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The URL a RustDesk client opens: goes on to the provider */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/oidc/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Where providers send the browser back (query) */
        get: {
            parameters: {
                query?: {
                    code?: string;
                    state?: string;
                    iss?: string;
                    id_token?: string;
                    session_state?: string;
                    error?: string;
                    error_description?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        /** Where providers send the browser back (form_post) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code?: string;
                        state?: string;
                        iss?: string;
                        id_token?: string;
                        session_state?: string;
                        error?: string;
                        error_description?: string;
                    } & {
                        [key: string]: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/oidc/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Confirm or deny a RustDesk client sign-in (form post from the confirmation page) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        id: string;
                        token: string;
                        decision: "confirm" | "deny";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/oidc/backchannel-logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Back-channel logout: the identity provider ends a person’s sign-ins
         * @description application/x-www-form-urlencoded with one `logout_token`; 200 when accepted, 400 `{"error": "invalid_request"}` otherwise.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The current console session */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            user: {
                                id: string;
                                name: string;
                                display_name: string;
                                email: string;
                                note: string;
                                /** @description 1 normal, 0 disabled, -1 unverified */
                                status: number;
                                is_admin: boolean;
                                has_password: boolean;
                                /** @description Signs in with its LDAP / Active Directory password; it cannot have a local one */
                                ldap: boolean;
                                groups: {
                                    id: string;
                                    name: string;
                                }[];
                                /** @description milliseconds since the epoch */
                                created_at: number;
                                updated_at: number;
                            };
                            /** @description Send as X-CSRF-Token on every state-changing request */
                            csrf_token: string;
                            expires_at: number;
                            remember: boolean;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Sign in to the console with a username and password */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        username: string;
                        password: string;
                        /** @description A longer absolute lifetime */
                        remember?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            user: {
                                id: string;
                                name: string;
                                display_name: string;
                                email: string;
                                note: string;
                                /** @description 1 normal, 0 disabled, -1 unverified */
                                status: number;
                                is_admin: boolean;
                                has_password: boolean;
                                /** @description Signs in with its LDAP / Active Directory password; it cannot have a local one */
                                ldap: boolean;
                                groups: {
                                    id: string;
                                    name: string;
                                }[];
                                /** @description milliseconds since the epoch */
                                created_at: number;
                                updated_at: number;
                            };
                            /** @description Send as X-CSRF-Token on every state-changing request */
                            csrf_token: string;
                            expires_at: number;
                            remember: boolean;
                        } | {
                            /** @enum {boolean} */
                            two_factor_required: true;
                            secret: string;
                            /** @description `code`: send a code from the app to POST /api/session/2fa (within 5 minutes); `email`: the same with the code just e-mailed (within 10 minutes); `enrol`: 2FA is required: POST /api/session/2fa/enrol/start, then /confirm (within 15 minutes) */
                            step: "code" | "enrol" | "email";
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        /**
         * Sign out of the console
         * @description A session opened by single sign-on through a provider with an end_session_endpoint answers 200 with `logout_url`: send the browser there to sign out at the provider too. Any other answers 204.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The provider’s end-session URL (RP-initiated logout) */
                            logout_url: string;
                        };
                    };
                };
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/session/2fa": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The second step of a console sign-in with two-factor sign-in on: a code from the app or a backup code */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description As POST /api/session answered it; after a single sign-on the browser’s cookie carries it */
                        secret?: string;
                        code: string;
                        remember?: boolean;
                        /** @description Trust this browser for 30 days: no code is asked here until then (a cookie) */
                        trust?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            user: {
                                id: string;
                                name: string;
                                display_name: string;
                                email: string;
                                note: string;
                                /** @description 1 normal, 0 disabled, -1 unverified */
                                status: number;
                                is_admin: boolean;
                                has_password: boolean;
                                /** @description Signs in with its LDAP / Active Directory password; it cannot have a local one */
                                ldap: boolean;
                                groups: {
                                    id: string;
                                    name: string;
                                }[];
                                /** @description milliseconds since the epoch */
                                created_at: number;
                                updated_at: number;
                            };
                            /** @description Send as X-CSRF-Token on every state-changing request */
                            csrf_token: string;
                            expires_at: number;
                            remember: boolean;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/session/2fa/enrol/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Two-factor sign-in is required and not set up: the new seed and its QR code URI, shown once (no session yet) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description As POST /api/session answered it; after a single sign-on the browser’s cookie carries it */
                        secret?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            secret: string;
                            uri: string;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/session/2fa/enrol/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Turn the required two-factor sign-in on with a code from the app: the session, and the ten backup codes shown once */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description As POST /api/session answered it; after a single sign-on the browser’s cookie carries it */
                        secret?: string;
                        code: string;
                        remember?: boolean;
                        /** @description Trust this browser for 30 days */
                        trust?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            user: {
                                id: string;
                                name: string;
                                display_name: string;
                                email: string;
                                note: string;
                                /** @description 1 normal, 0 disabled, -1 unverified */
                                status: number;
                                is_admin: boolean;
                                has_password: boolean;
                                /** @description Signs in with its LDAP / Active Directory password; it cannot have a local one */
                                ldap: boolean;
                                groups: {
                                    id: string;
                                    name: string;
                                }[];
                                /** @description milliseconds since the epoch */
                                created_at: number;
                                updated_at: number;
                            };
                            /** @description Send as X-CSRF-Token on every state-changing request */
                            csrf_token: string;
                            expires_at: number;
                            remember: boolean;
                            backup_codes: string[];
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/session/state": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether this browser has a console session: the session if so, `signed_in: false` if not */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            signed_in: true;
                            user: {
                                id: string;
                                name: string;
                                display_name: string;
                                email: string;
                                note: string;
                                /** @description 1 normal, 0 disabled, -1 unverified */
                                status: number;
                                is_admin: boolean;
                                has_password: boolean;
                                /** @description Signs in with its LDAP / Active Directory password; it cannot have a local one */
                                ldap: boolean;
                                groups: {
                                    id: string;
                                    name: string;
                                }[];
                                /** @description milliseconds since the epoch */
                                created_at: number;
                                updated_at: number;
                            };
                            /** @description Send as X-CSRF-Token on every state-changing request */
                            csrf_token: string;
                            expires_at: number;
                            remember: boolean;
                        } | {
                            /** @enum {boolean} */
                            signed_in: false;
                            /** @description A single sign-on waits for this second step (its secret is in a cookie) */
                            second_factor?: "code" | "enrol" | "email";
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/session/options": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What the console sign-in page offers: password sign-in and the enabled providers */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Whether the username and password form is offered */
                            password_login: boolean;
                            providers: {
                                /** @description Sign in with GET /api/oidc/login/<name>?return_to=/path */
                                name: string;
                                /** @enum {string} */
                                type: "azure" | "google" | "okta" | "auth0" | "keycloak" | "authentik" | "gitlab" | "github" | "oidc" | "oauth2";
                                /** @description The button reads "Continue with <display_name>" */
                                display_name: string;
                                /** @description Sanitised SVG markup, or empty; show only as an image */
                                icon: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/session/password-reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Whether the sign-in page offers "Forgot password?"
         * @description True when password sign-in is on, SMTP is set up and the public URL is known (links never use the request’s own host).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            available: boolean;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Forgot password: e-mails a link to the account with this username or e-mail address, if it has a password */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        login: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            message: string;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/session/password-reset/inspect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Whose password a reset link sets (the link still works) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        token: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            name: string;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/session/password-reset/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Set the new password with a reset link; signs the account out everywhere */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        token: string;
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            name: string;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/session/invitation/inspect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** What an invitation link is for: the address, and the username if the administrator chose one */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        token: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            email: string;
                            /** @description Empty: the person chooses one */
                            name: string;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/session/invitation/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Accept an invitation: makes the account with this password; then sign in as usual */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        token: string;
                        name?: string;
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            name: string;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/account/connections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Connections to the devices I own, newest first */
        get: {
            parameters: {
                query?: {
                    current?: number;
                    pageSize?: number;
                    /** @description Only this device’s records */
                    device_id?: string;
                    /** @description Only connections from this controlling device: its id, or its name in any case */
                    peer?: string;
                    /** @description open: not closed yet; closed */
                    state?: "open" | "closed";
                    /** @description Connection type: 0 remote desktop, 1 file transfer, 2 port forward, 3 camera, 4 terminal */
                    type?: number;
                    /** @description From this time on (milliseconds since the epoch) */
                    from?: number;
                    /** @description Before this time (milliseconds since the epoch) */
                    to?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            total: number;
                            data: {
                                id: string;
                                created_at: number;
                                /** @enum {string} */
                                kind: "conn" | "file" | "alarm";
                                /** @description The controlled device */
                                device_id: string;
                                device_uuid: string;
                                /** @description The device’s own connection number (heartbeat conns) */
                                conn_id: number;
                                /** @description Connection type (0 remote desktop, 1 file transfer, 2 port forward, 3 camera, 4 terminal), file direction (0 sent, 1 received), or alarm typ; -1 for none and for deskgate’s own alarms */
                                type: number;
                                /** @description conn: new, authorized or close (the latest); alarm: deskgate’s own alarm (uuid_mismatch); file: empty */
                                action: string;
                                /** @description Where the controller connected from */
                                ip: string;
                                /** @description The rest of what the client sent (file lists, alarm details, primary_auth …) */
                                info: {
                                    [key: string]: unknown;
                                };
                                /** @description The controller’s u64 session id as decimal text; empty until known */
                                session_id: string;
                                /** @description The controlling device’s id */
                                peer_id: string;
                                /** @description The controlling device’s name */
                                peer_name: string;
                                /** @description The controlling side’s note */
                                note: string;
                                /** @description 0 until authorised */
                                authorized_at: number;
                                /** @description 0 while open */
                                closed_at: number;
                                /**
                                 * @description client: posted by the device; server: deskgate’s own record of a punch or relay request (action punch/relay, info.allowed and info.reason)
                                 * @enum {string}
                                 */
                                source: "client" | "server";
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/account/address-books": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Shared address books I may use, by name, with my rule and their peer count (administrators: every one) */
        get: {
            parameters: {
                query?: {
                    current?: number;
                    pageSize?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            total: number;
                            data: ({
                                guid: string;
                                /** @enum {string} */
                                kind: "personal" | "shared";
                                owner_id: string;
                                owner_name: string;
                                name: string;
                                note: string;
                                /** @description Whether the book has a default password (for peers without one of their own) */
                                has_password: boolean;
                                /** @description Whether devices may add themselves through preset-address-book-* options */
                                accept_presets: boolean;
                                created_at: number;
                                updated_at: number;
                            } & {
                                /** @description 1 read-only, 2 read/write, 3 full control */
                                rule: number;
                                peer_count: number;
                            })[];
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a shared address book */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        note?: string;
                        /** @description The default password for its peers that have none; empty for none */
                        password?: string;
                        /** @description Its owner’s user id (administrators may name anyone; others only themselves, the default). Required with an API token. */
                        owner_id?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            guid: string;
                            /** @enum {string} */
                            kind: "personal" | "shared";
                            owner_id: string;
                            owner_name: string;
                            name: string;
                            note: string;
                            /** @description Whether the book has a default password (for peers without one of their own) */
                            has_password: boolean;
                            /** @description Whether devices may add themselves through preset-address-book-* options */
                            accept_presets: boolean;
                            created_at: number;
                            updated_at: number;
                        } & {
                            /** @description 1 read-only, 2 read/write, 3 full control */
                            rule: number;
                            peer_count: number;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/account/address-books/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One address book, with my rule on it */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            guid: string;
                            /** @enum {string} */
                            kind: "personal" | "shared";
                            owner_id: string;
                            owner_name: string;
                            name: string;
                            note: string;
                            /** @description Whether the book has a default password (for peers without one of their own) */
                            has_password: boolean;
                            /** @description Whether devices may add themselves through preset-address-book-* options */
                            accept_presets: boolean;
                            created_at: number;
                            updated_at: number;
                        } & {
                            /** @description 1 read-only, 2 read/write, 3 full control */
                            rule: number;
                            peer_count: number;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a shared address book with its rules, peers and tags (full control) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Rename a shared address book, change its note, default password, owner or whether devices may add themselves (full control) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        note?: string;
                        /** @description A new default password; "" or null clears it */
                        password?: string | null;
                        /** @description A new owner’s user id (an administrator’s or the owner’s change) */
                        owner_id?: string;
                        /** @description Let devices add themselves through preset-address-book-* options (administrators only) */
                        accept_presets?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            guid: string;
                            /** @enum {string} */
                            kind: "personal" | "shared";
                            owner_id: string;
                            owner_name: string;
                            name: string;
                            note: string;
                            /** @description Whether the book has a default password (for peers without one of their own) */
                            has_password: boolean;
                            /** @description Whether devices may add themselves through preset-address-book-* options */
                            accept_presets: boolean;
                            created_at: number;
                            updated_at: number;
                        } & {
                            /** @description 1 read-only, 2 read/write, 3 full control */
                            rule: number;
                            peer_count: number;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/account/address-books/{id}/rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who may use a shared address book: users, then user groups, then everyone (full control) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            guid: string;
                            book_guid: string;
                            /** @enum {string} */
                            subject: "user" | "group" | "everyone";
                            user_id: string | null;
                            group_id: string | null;
                            subject_name: string;
                            /** @description 1 read-only, 2 read/write, 3 full control */
                            rule: number;
                            created_at: number;
                            updated_at: number;
                        }[];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Give a user, a user group or everyone a rule on a shared address book: 1 read-only, 2 read/write, 3 full control (full control) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        subject: "user" | "group" | "everyone";
                        /** @description The user’s or user group’s id (or give `name`); not for everyone */
                        id?: string;
                        /** @description The user’s or user group’s name, exactly (or give `id`) */
                        name?: string;
                        /** @description 1 read-only, 2 read/write, 3 full control */
                        rule: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            guid: string;
                            book_guid: string;
                            /** @enum {string} */
                            subject: "user" | "group" | "everyone";
                            user_id: string | null;
                            group_id: string | null;
                            subject_name: string;
                            /** @description 1 read-only, 2 read/write, 3 full control */
                            rule: number;
                            created_at: number;
                            updated_at: number;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/account/address-book-rules/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete an address book rule (full control of its book) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change an address book rule (full control of its book) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description 1 read-only, 2 read/write, 3 full control */
                        rule: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/account/address-books/{id}/peers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The peers of an address book (not its recycle bin) */
        get: {
            parameters: {
                query?: {
                    current?: number;
                    pageSize?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            total: number;
                            data: {
                                id: string;
                                username: string;
                                hostname: string;
                                platform: string;
                                alias: string;
                                tags: string[];
                                force_always_relay: boolean;
                                rdp_port: string;
                                rdp_username: string;
                                login_name: string;
                                device_group_name: string;
                                note: string;
                                same_server: boolean | null;
                                created_at: number;
                                updated_at: number;
                                deleted_at: number | null;
                                /** @description Whether a password (shared books) or password hash (personal books) is saved for it */
                                has_password: boolean;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Add a peer by its RustDesk id (read/write), under the max_peer_one_ab cap */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        id: string;
                        alias?: string;
                        /** @description Its tags; replaces the list */
                        tags?: string[];
                        note?: string;
                        /** @description Its password in a shared book ("" clears it); ignored in a personal book */
                        password?: string;
                        username?: string;
                        hostname?: string;
                        platform?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/account/address-books/{id}/peers/{peer}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Move a peer to the book’s recycle bin (read/write) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    peer: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a peer’s alias, tags, note, password … (read/write) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    peer: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        alias?: string;
                        /** @description Its tags; replaces the list */
                        tags?: string[];
                        note?: string;
                        /** @description Its password in a shared book ("" clears it); ignored in a personal book */
                        password?: string;
                        username?: string;
                        hostname?: string;
                        platform?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/account/address-books/{id}/recycle-bin": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Peers deleted in the last 30 days, latest first (read/write) */
        get: {
            parameters: {
                query?: {
                    current?: number;
                    pageSize?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            total: number;
                            data: {
                                id: string;
                                username: string;
                                hostname: string;
                                platform: string;
                                alias: string;
                                tags: string[];
                                force_always_relay: boolean;
                                rdp_port: string;
                                rdp_username: string;
                                login_name: string;
                                device_group_name: string;
                                note: string;
                                same_server: boolean | null;
                                created_at: number;
                                updated_at: number;
                                deleted_at: number | null;
                                /** @description Whether a password (shared books) or password hash (personal books) is saved for it */
                                has_password: boolean;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/account/address-books/{id}/recycle-bin/restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Put peers back from the recycle bin (read/write; ids not in the bin are ignored) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        ids: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            restored: number;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/account/address-books/{id}/tags": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tags of an address book */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            name: string;
                            /** @description ARGB32 */
                            color: number;
                        }[];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Add a tag (read/write); without a colour it gets the one RustDesk clients give it */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        /** @description ARGB32, as RustDesk clients send it (0xFF000000 | RGB for an opaque colour) */
                        color?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            name: string;
                            /** @description ARGB32 */
                            color: number;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/account/address-books/{id}/tags/rename": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Rename a tag, on every peer too (read/write) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        from: string;
                        to: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/account/address-books/{id}/tags/color": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Change a tag’s colour (read/write) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        /** @description ARGB32, as RustDesk clients send it (0xFF000000 | RGB for an opaque colour) */
                        color: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/account/address-books/{id}/tags/delete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Delete tags, and take them off every peer (read/write; unknown names are ignored) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        names: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/account/2fa": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My two-factor sign-in */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Two-factor sign-in (TOTP) is on */
                            enabled: boolean;
                            /** @description Set-up was started and waits for a code from the app */
                            pending: boolean;
                            /** @description Unused backup codes */
                            backup_codes_left: number;
                            /** @description An administrator requires it (of me, or of a group of mine) */
                            required: boolean;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/account/2fa/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start setting up two-factor sign-in: the seed and its QR code URI, shown once */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The base32 seed, shown this once (for typing into an app) */
                            secret: string;
                            /** @description otpauth:// URI for a QR code, shown this once */
                            uri: string;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/account/2fa/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Turn two-factor sign-in on with a code from the app: the ten backup codes, shown once */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            backup_codes: string[];
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/account/2fa/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Turn two-factor sign-in off (my password or a code) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description My password */
                        password?: string;
                        /** @description Or a current code from the app, or a backup code */
                        code?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/account/2fa/renew": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Renew two-factor sign-in (my password or a code): the old seed and backup codes stop working; confirm the new seed as at first */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description My password */
                        password?: string;
                        /** @description Or a current code from the app, or a backup code */
                        code?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The base32 seed, shown this once (for typing into an app) */
                            secret: string;
                            /** @description otpauth:// URI for a QR code, shown this once */
                            uri: string;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/account/2fa/trusted-devices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Devices that skip the code for 30 days (browsers and RustDesk clients) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                /** @description `client`: a RustDesk client (by id and uuid); `console`: a browser */
                                kind: "client" | "console";
                                /** @description The RustDesk id; empty for a browser */
                                device_id: string;
                                /** @description The device’s name and system, or the browser’s user agent */
                                label: string;
                                created_at: number;
                                expires_at: number;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Trust one of my signed-in RustDesk clients for 30 days (the client cannot ask itself) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Its id in GET /api/account/devices */
                        sign_in_id: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        /** Stop trusting every device */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/account/2fa/trusted-devices/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Stop trusting one device */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/account/2fa/email-verification": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My e-mail login verification */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description A code is e-mailed at each password sign-in (when two-factor sign-in with an app is off) */
                            enabled: boolean;
                            /** @description It can be turned on: the mail server is set up and my profile has an e-mail address */
                            available: boolean;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        /** Turn my e-mail login verification on (needs the mail server and an address) or off */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        enabled: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description A code is e-mailed at each password sign-in (when two-factor sign-in with an app is off) */
                            enabled: boolean;
                            /** @description It can be turned on: the mail server is set up and my profile has an e-mail address */
                            available: boolean;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/account": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My profile */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            display_name: string;
                            email: string;
                            note: string;
                            /** @description 1 normal, 0 disabled, -1 unverified */
                            status: number;
                            is_admin: boolean;
                            has_password: boolean;
                            /** @description Signs in with its LDAP / Active Directory password; it cannot have a local one */
                            ldap: boolean;
                            groups: {
                                id: string;
                                name: string;
                            }[];
                            /** @description milliseconds since the epoch */
                            created_at: number;
                            updated_at: number;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change my display name or e-mail */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        display_name?: string;
                        email?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            display_name: string;
                            email: string;
                            note: string;
                            /** @description 1 normal, 0 disabled, -1 unverified */
                            status: number;
                            is_admin: boolean;
                            has_password: boolean;
                            /** @description Signs in with its LDAP / Active Directory password; it cannot have a local one */
                            ldap: boolean;
                            groups: {
                                id: string;
                                name: string;
                            }[];
                            /** @description milliseconds since the epoch */
                            created_at: number;
                            updated_at: number;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/account/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Change my password; my RustDesk client tokens and my other console sessions end */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Required unless the account has no password yet (made by SSO) */
                        current_password?: string;
                        new_password: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/account/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My console sessions; `current` marks this one */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            total: number;
                            data: {
                                id: string;
                                ip: string;
                                user_agent: string;
                                remember: boolean;
                                created_at: number;
                                last_seen_at: number;
                                expires_at: number;
                                current?: boolean;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/account/sessions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** End one of my console sessions */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/account/devices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** RustDesk clients signed in as me (never their tokens) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            total: number;
                            data: {
                                id: string;
                                device_id: string;
                                device_uuid: string;
                                device_info: {
                                    os?: string;
                                    type?: string;
                                    name?: string;
                                };
                                ip: string;
                                created_at: number;
                                last_used_at: number;
                                expires_at: number;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/account/devices/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Sign one RustDesk client out */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/account/identities": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How I sign in: password, the enabled providers, my linked identities */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            has_password: boolean;
                            /** @description The enabled providers, in the sign-in page’s order */
                            providers: {
                                name: string;
                                /** @enum {string} */
                                type: "azure" | "google" | "okta" | "auth0" | "keycloak" | "authentik" | "gitlab" | "github" | "oidc" | "oauth2";
                                display_name: string;
                                /** @description Sanitised SVG markup, or empty; show only as an image */
                                icon: string;
                                /** @description I have an identity linked through this provider */
                                linked: boolean;
                            }[];
                            identities: {
                                id: string;
                                /** @description Empty when the provider was deleted */
                                provider_name: string;
                                provider_display_name: string;
                                provider_enabled: boolean;
                                /** @description Who the provider says I am (its `sub`) */
                                subject: string;
                                /** @description As the provider last reported it; never used to link */
                                email: string;
                                created_at: number;
                                last_sign_in_at: number;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Connect a provider: send the browser to `redirect` to sign in there; the identity it vouches for is linked to my account when it comes back (never one linked to another account) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The provider’s name */
                        provider: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            redirect: string;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/account/identities/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Disconnect a provider: unlink one of my identities; my RustDesk client tokens and other console sessions end. Refused when I would have no password and no other identity at an enabled provider */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/account/owned-devices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The devices I own, the latest heard from first */
        get: {
            parameters: {
                query?: {
                    current?: number;
                    pageSize?: number;
                    /** @description Part of the id, hostname, alias or desktop user */
                    search?: string;
                    /** @description true: a heartbeat within 60 s; false: none */
                    online?: boolean;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            total: number;
                            data: {
                                /** @description The RustDesk id */
                                id: string;
                                alias: string;
                                hostname: string;
                                /** @description The desktop user, as the device reported it */
                                username: string;
                                os: string;
                                /** @description Client version (1.4.9) */
                                version: string;
                                /** @description As an administrator wrote it */
                                note: string;
                                /** @description false: an administrator disabled it */
                                enabled: boolean;
                                /** @description Its device group, or null for none */
                                group_name: string | null;
                                /** @description A heartbeat within the last 60 seconds */
                                online: boolean;
                                /** @description Its latest heartbeat or upload (ms since the epoch) */
                                last_online_at: number;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List users */
        get: {
            parameters: {
                query?: {
                    current?: number;
                    pageSize?: number;
                    /** @description Part of the name, display name or e-mail */
                    search?: string;
                    /** @description 1 normal, 0 disabled, -1 unverified */
                    status?: number;
                    group?: string;
                    is_admin?: boolean;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            total: number;
                            data: {
                                id: string;
                                name: string;
                                display_name: string;
                                email: string;
                                note: string;
                                /** @description 1 normal, 0 disabled, -1 unverified */
                                status: number;
                                is_admin: boolean;
                                has_password: boolean;
                                /** @description Signs in with its LDAP / Active Directory password; it cannot have a local one */
                                ldap: boolean;
                                groups: {
                                    id: string;
                                    name: string;
                                }[];
                                /** @description milliseconds since the epoch */
                                created_at: number;
                                updated_at: number;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a user */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        /** @description None: the user signs in by SSO only */
                        password?: string;
                        display_name?: string;
                        email?: string;
                        note?: string;
                        is_admin?: boolean;
                        /** @description 1 normal, 0 disabled, -1 unverified */
                        status?: number;
                        /** @description Group ids; the user’s groups are replaced by these */
                        group_ids?: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            display_name: string;
                            email: string;
                            note: string;
                            /** @description 1 normal, 0 disabled, -1 unverified */
                            status: number;
                            is_admin: boolean;
                            has_password: boolean;
                            /** @description Signs in with its LDAP / Active Directory password; it cannot have a local one */
                            ldap: boolean;
                            groups: {
                                id: string;
                                name: string;
                            }[];
                            /** @description milliseconds since the epoch */
                            created_at: number;
                            updated_at: number;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One user */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            display_name: string;
                            email: string;
                            note: string;
                            /** @description 1 normal, 0 disabled, -1 unverified */
                            status: number;
                            is_admin: boolean;
                            has_password: boolean;
                            /** @description Signs in with its LDAP / Active Directory password; it cannot have a local one */
                            ldap: boolean;
                            groups: {
                                id: string;
                                name: string;
                            }[];
                            /** @description milliseconds since the epoch */
                            created_at: number;
                            updated_at: number;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a user and revoke their tokens */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a user (the last enabled administrator cannot be demoted or disabled) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        display_name?: string;
                        email?: string;
                        note?: string;
                        is_admin?: boolean;
                        /** @description 1 normal, 0 disabled, -1 unverified */
                        status?: number;
                        /** @description Group ids; the user’s groups are replaced by these */
                        group_ids?: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            display_name: string;
                            email: string;
                            note: string;
                            /** @description 1 normal, 0 disabled, -1 unverified */
                            status: number;
                            is_admin: boolean;
                            has_password: boolean;
                            /** @description Signs in with its LDAP / Active Directory password; it cannot have a local one */
                            ldap: boolean;
                            groups: {
                                id: string;
                                name: string;
                            }[];
                            /** @description milliseconds since the epoch */
                            created_at: number;
                            updated_at: number;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/admin/users/{id}/enable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Enable a user */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            display_name: string;
                            email: string;
                            note: string;
                            /** @description 1 normal, 0 disabled, -1 unverified */
                            status: number;
                            is_admin: boolean;
                            has_password: boolean;
                            /** @description Signs in with its LDAP / Active Directory password; it cannot have a local one */
                            ldap: boolean;
                            groups: {
                                id: string;
                                name: string;
                            }[];
                            /** @description milliseconds since the epoch */
                            created_at: number;
                            updated_at: number;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/users/{id}/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Disable a user */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            display_name: string;
                            email: string;
                            note: string;
                            /** @description 1 normal, 0 disabled, -1 unverified */
                            status: number;
                            is_admin: boolean;
                            has_password: boolean;
                            /** @description Signs in with its LDAP / Active Directory password; it cannot have a local one */
                            ldap: boolean;
                            groups: {
                                id: string;
                                name: string;
                            }[];
                            /** @description milliseconds since the epoch */
                            created_at: number;
                            updated_at: number;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/users/{id}/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Set a user’s password; their RustDesk client tokens and console sessions end (but the caller’s own session) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/users/{id}/sign-out": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign a user out everywhere: RustDesk clients and console sessions */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description RustDesk client tokens revoked */
                            client_tokens: number;
                            /** @description Console sessions ended */
                            console_sessions: number;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/users/{id}/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Where a user is signed in: console sessions and RustDesk clients */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            sessions: {
                                id: string;
                                ip: string;
                                user_agent: string;
                                remember: boolean;
                                created_at: number;
                                last_seen_at: number;
                                expires_at: number;
                                current?: boolean;
                            }[];
                            devices: {
                                id: string;
                                device_id: string;
                                device_uuid: string;
                                device_info: {
                                    os?: string;
                                    type?: string;
                                    name?: string;
                                };
                                ip: string;
                                created_at: number;
                                last_used_at: number;
                                expires_at: number;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/groups": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List groups */
        get: {
            parameters: {
                query?: {
                    current?: number;
                    pageSize?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            total: number;
                            data: {
                                id: string;
                                name: string;
                                note: string;
                                member_count: number;
                                created_at: number;
                                updated_at: number;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a group */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        note?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            note: string;
                            member_count: number;
                            created_at: number;
                            updated_at: number;
                            members: {
                                id: string;
                                name: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/groups/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One group with its members */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            note: string;
                            member_count: number;
                            created_at: number;
                            updated_at: number;
                            members: {
                                id: string;
                                name: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a group (its users stay) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Rename a group or change its note */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        note?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            note: string;
                            member_count: number;
                            created_at: number;
                            updated_at: number;
                            members: {
                                id: string;
                                name: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/admin/groups/{id}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add users to a group and remove others */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        add?: string[];
                        remove?: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            note: string;
                            member_count: number;
                            created_at: number;
                            updated_at: number;
                            members: {
                                id: string;
                                name: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/groups/{id}/access": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What a user group may reach */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description User groups whose people’s devices this group’s people may reach ("can access") */
                            target_groups: {
                                id: string;
                                name: string;
                            }[];
                            /** @description Device groups that list this group as "accessed from" */
                            device_groups: {
                                id: string;
                                name: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        /** Set the user groups whose people’s devices a user group may reach */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description User groups whose people’s devices this group may reach; replaces the list */
                        target_group_ids: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description User groups whose people’s devices this group’s people may reach ("can access") */
                            target_groups: {
                                id: string;
                                name: string;
                            }[];
                            /** @description Device groups that list this group as "accessed from" */
                            device_groups: {
                                id: string;
                                name: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/users/{id}/2fa": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A user’s two-factor sign-in: on, required (directly or through a group), and e-mail login verification */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            enabled: boolean;
                            required: boolean;
                            email_verification: boolean;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/users/{id}/2fa/reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reset a user’s two-factor sign-in (they sign in with the password and may enrol again) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/users/{id}/2fa/required": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Require two-factor sign-in of a user, or no longer */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        required: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            required: boolean;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/groups/{id}/2fa/required": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Require two-factor sign-in of a user group’s members, or no longer */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        required: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            required: boolean;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/users/{id}/2fa/email-verification": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Turn a user’s e-mail login verification off (only the person turns it on) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/device-groups": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List device groups */
        get: {
            parameters: {
                query?: {
                    current?: number;
                    pageSize?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            total: number;
                            data: {
                                id: string;
                                name: string;
                                note: string;
                                device_count: number;
                                /** @description User groups whose people may reach this group’s devices ("can be accessed from") */
                                user_groups: {
                                    id: string;
                                    name: string;
                                }[];
                                /** @description milliseconds since the epoch */
                                created_at: number;
                                updated_at: number;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a device group */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        note?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            note: string;
                            device_count: number;
                            /** @description User groups whose people may reach this group’s devices ("can be accessed from") */
                            user_groups: {
                                id: string;
                                name: string;
                            }[];
                            /** @description milliseconds since the epoch */
                            created_at: number;
                            updated_at: number;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/device-groups/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One device group */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            note: string;
                            device_count: number;
                            /** @description User groups whose people may reach this group’s devices ("can be accessed from") */
                            user_groups: {
                                id: string;
                                name: string;
                            }[];
                            /** @description milliseconds since the epoch */
                            created_at: number;
                            updated_at: number;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a device group (its devices stay, in no group) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Rename a device group or change its note */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        note?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            note: string;
                            device_count: number;
                            /** @description User groups whose people may reach this group’s devices ("can be accessed from") */
                            user_groups: {
                                id: string;
                                name: string;
                            }[];
                            /** @description milliseconds since the epoch */
                            created_at: number;
                            updated_at: number;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/admin/device-groups/{id}/devices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set the devices of a device group */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The group’s devices: these join it (leaving any other group), the others leave it */
                        device_ids: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            note: string;
                            device_count: number;
                            /** @description User groups whose people may reach this group’s devices ("can be accessed from") */
                            user_groups: {
                                id: string;
                                name: string;
                            }[];
                            /** @description milliseconds since the epoch */
                            created_at: number;
                            updated_at: number;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/device-groups/{id}/access": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set the user groups that may reach a device group */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description User groups whose people may reach this group’s devices; replaces the list */
                        user_group_ids: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            note: string;
                            device_count: number;
                            /** @description User groups whose people may reach this group’s devices ("can be accessed from") */
                            user_groups: {
                                id: string;
                                name: string;
                            }[];
                            /** @description milliseconds since the epoch */
                            created_at: number;
                            updated_at: number;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/devices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List devices, the latest heard from first */
        get: {
            parameters: {
                query?: {
                    current?: number;
                    pageSize?: number;
                    /** @description Part of the id, hostname, alias, desktop user or owner’s name */
                    search?: string;
                    /** @description true: a heartbeat within 60 s; false: none */
                    online?: boolean;
                    group?: string;
                    owner?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            total: number;
                            data: {
                                /** @description The RustDesk id */
                                id: string;
                                hostname: string;
                                /** @description The desktop user, as the device reported it */
                                username: string;
                                os: string;
                                cpu: string;
                                memory: string;
                                /** @description Client version (1.4.9) */
                                version: string;
                                /** @description Client version number from the heartbeat (1004090) */
                                ver: number;
                                alias: string;
                                note: string;
                                enabled: boolean;
                                /** @description False while it waits for an administrator’s approval (rendezvous.admission approval): nobody can connect to it */
                                approved: boolean;
                                /** @description The user it belongs to */
                                owner: {
                                    id: string;
                                    name: string;
                                } | null;
                                /** @description Its device group */
                                group: {
                                    id: string;
                                    name: string;
                                } | null;
                                /** @description The strategy it is under */
                                strategy: {
                                    id: string;
                                    name: string;
                                    /** @description What gives it: the device itself, its owner, its device group, or the default (in that order of priority) */
                                    from: "device" | "owner" | "device_group" | "default";
                                    /** @description A disabled strategy reaches no device */
                                    enabled: boolean;
                                } | null;
                                /** @description A heartbeat within the last 60 seconds */
                                online: boolean;
                                /** @description Connection ids live at its latest heartbeat */
                                conns: number[];
                                /** @description Its latest heartbeat or upload (ms since the epoch) */
                                last_online_at: number;
                                /** @description When it last uploaded its system information; 0 while asked to again */
                                sysinfo_at: number;
                                created_at: number;
                                updated_at: number;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/devices/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One device */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The RustDesk id */
                            id: string;
                            hostname: string;
                            /** @description The desktop user, as the device reported it */
                            username: string;
                            os: string;
                            cpu: string;
                            memory: string;
                            /** @description Client version (1.4.9) */
                            version: string;
                            /** @description Client version number from the heartbeat (1004090) */
                            ver: number;
                            alias: string;
                            note: string;
                            enabled: boolean;
                            /** @description False while it waits for an administrator’s approval (rendezvous.admission approval): nobody can connect to it */
                            approved: boolean;
                            /** @description The user it belongs to */
                            owner: {
                                id: string;
                                name: string;
                            } | null;
                            /** @description Its device group */
                            group: {
                                id: string;
                                name: string;
                            } | null;
                            /** @description The strategy it is under */
                            strategy: {
                                id: string;
                                name: string;
                                /** @description What gives it: the device itself, its owner, its device group, or the default (in that order of priority) */
                                from: "device" | "owner" | "device_group" | "default";
                                /** @description A disabled strategy reaches no device */
                                enabled: boolean;
                            } | null;
                            /** @description A heartbeat within the last 60 seconds */
                            online: boolean;
                            /** @description Connection ids live at its latest heartbeat */
                            conns: number[];
                            /** @description Its latest heartbeat or upload (ms since the epoch) */
                            last_online_at: number;
                            /** @description When it last uploaded its system information; 0 while asked to again */
                            sysinfo_at: number;
                            created_at: number;
                            updated_at: number;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Forget a device (one still running comes back as new) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a device’s alias, note, enabled state, device group or owner */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        alias?: string;
                        note?: string;
                        enabled?: boolean;
                        /** @description A device group id, or null for none */
                        group_id?: string | null;
                        /** @description The owner’s user id, or null for none */
                        user_id?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The RustDesk id */
                            id: string;
                            hostname: string;
                            /** @description The desktop user, as the device reported it */
                            username: string;
                            os: string;
                            cpu: string;
                            memory: string;
                            /** @description Client version (1.4.9) */
                            version: string;
                            /** @description Client version number from the heartbeat (1004090) */
                            ver: number;
                            alias: string;
                            note: string;
                            enabled: boolean;
                            /** @description False while it waits for an administrator’s approval (rendezvous.admission approval): nobody can connect to it */
                            approved: boolean;
                            /** @description The user it belongs to */
                            owner: {
                                id: string;
                                name: string;
                            } | null;
                            /** @description Its device group */
                            group: {
                                id: string;
                                name: string;
                            } | null;
                            /** @description The strategy it is under */
                            strategy: {
                                id: string;
                                name: string;
                                /** @description What gives it: the device itself, its owner, its device group, or the default (in that order of priority) */
                                from: "device" | "owner" | "device_group" | "default";
                                /** @description A disabled strategy reaches no device */
                                enabled: boolean;
                            } | null;
                            /** @description A heartbeat within the last 60 seconds */
                            online: boolean;
                            /** @description Connection ids live at its latest heartbeat */
                            conns: number[];
                            /** @description Its latest heartbeat or upload (ms since the epoch) */
                            last_online_at: number;
                            /** @description When it last uploaded its system information; 0 while asked to again */
                            sysinfo_at: number;
                            created_at: number;
                            updated_at: number;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/admin/devices/{id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Approve a device that waits for approval, so people can connect to it */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The RustDesk id */
                            id: string;
                            hostname: string;
                            /** @description The desktop user, as the device reported it */
                            username: string;
                            os: string;
                            cpu: string;
                            memory: string;
                            /** @description Client version (1.4.9) */
                            version: string;
                            /** @description Client version number from the heartbeat (1004090) */
                            ver: number;
                            alias: string;
                            note: string;
                            enabled: boolean;
                            /** @description False while it waits for an administrator’s approval (rendezvous.admission approval): nobody can connect to it */
                            approved: boolean;
                            /** @description The user it belongs to */
                            owner: {
                                id: string;
                                name: string;
                            } | null;
                            /** @description Its device group */
                            group: {
                                id: string;
                                name: string;
                            } | null;
                            /** @description The strategy it is under */
                            strategy: {
                                id: string;
                                name: string;
                                /** @description What gives it: the device itself, its owner, its device group, or the default (in that order of priority) */
                                from: "device" | "owner" | "device_group" | "default";
                                /** @description A disabled strategy reaches no device */
                                enabled: boolean;
                            } | null;
                            /** @description A heartbeat within the last 60 seconds */
                            online: boolean;
                            /** @description Connection ids live at its latest heartbeat */
                            conns: number[];
                            /** @description Its latest heartbeat or upload (ms since the epoch) */
                            last_online_at: number;
                            /** @description When it last uploaded its system information; 0 while asked to again */
                            sysinfo_at: number;
                            created_at: number;
                            updated_at: number;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/devices/{id}/refresh-sysinfo": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Ask the device for its system information again, at its next heartbeat */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The RustDesk id */
                            id: string;
                            hostname: string;
                            /** @description The desktop user, as the device reported it */
                            username: string;
                            os: string;
                            cpu: string;
                            memory: string;
                            /** @description Client version (1.4.9) */
                            version: string;
                            /** @description Client version number from the heartbeat (1004090) */
                            ver: number;
                            alias: string;
                            note: string;
                            enabled: boolean;
                            /** @description False while it waits for an administrator’s approval (rendezvous.admission approval): nobody can connect to it */
                            approved: boolean;
                            /** @description The user it belongs to */
                            owner: {
                                id: string;
                                name: string;
                            } | null;
                            /** @description Its device group */
                            group: {
                                id: string;
                                name: string;
                            } | null;
                            /** @description The strategy it is under */
                            strategy: {
                                id: string;
                                name: string;
                                /** @description What gives it: the device itself, its owner, its device group, or the default (in that order of priority) */
                                from: "device" | "owner" | "device_group" | "default";
                                /** @description A disabled strategy reaches no device */
                                enabled: boolean;
                            } | null;
                            /** @description A heartbeat within the last 60 seconds */
                            online: boolean;
                            /** @description Connection ids live at its latest heartbeat */
                            conns: number[];
                            /** @description Its latest heartbeat or upload (ms since the epoch) */
                            last_online_at: number;
                            /** @description When it last uploaded its system information; 0 while asked to again */
                            sysinfo_at: number;
                            created_at: number;
                            updated_at: number;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/devices/{id}/disconnect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Close a live connection: the device’s next heartbeat carries it */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description A connection id from the device’s `conns` */
                        conn_id: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/address-books": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Shared address books I may use, by name, with my rule and their peer count (administrators: every one) */
        get: {
            parameters: {
                query?: {
                    current?: number;
                    pageSize?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            total: number;
                            data: ({
                                guid: string;
                                /** @enum {string} */
                                kind: "personal" | "shared";
                                owner_id: string;
                                owner_name: string;
                                name: string;
                                note: string;
                                /** @description Whether the book has a default password (for peers without one of their own) */
                                has_password: boolean;
                                /** @description Whether devices may add themselves through preset-address-book-* options */
                                accept_presets: boolean;
                                created_at: number;
                                updated_at: number;
                            } & {
                                /** @description 1 read-only, 2 read/write, 3 full control */
                                rule: number;
                                peer_count: number;
                            })[];
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a shared address book */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        note?: string;
                        /** @description The default password for its peers that have none; empty for none */
                        password?: string;
                        /** @description Its owner’s user id (administrators may name anyone; others only themselves, the default). Required with an API token. */
                        owner_id?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            guid: string;
                            /** @enum {string} */
                            kind: "personal" | "shared";
                            owner_id: string;
                            owner_name: string;
                            name: string;
                            note: string;
                            /** @description Whether the book has a default password (for peers without one of their own) */
                            has_password: boolean;
                            /** @description Whether devices may add themselves through preset-address-book-* options */
                            accept_presets: boolean;
                            created_at: number;
                            updated_at: number;
                        } & {
                            /** @description 1 read-only, 2 read/write, 3 full control */
                            rule: number;
                            peer_count: number;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/address-books/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One address book, with my rule on it */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            guid: string;
                            /** @enum {string} */
                            kind: "personal" | "shared";
                            owner_id: string;
                            owner_name: string;
                            name: string;
                            note: string;
                            /** @description Whether the book has a default password (for peers without one of their own) */
                            has_password: boolean;
                            /** @description Whether devices may add themselves through preset-address-book-* options */
                            accept_presets: boolean;
                            created_at: number;
                            updated_at: number;
                        } & {
                            /** @description 1 read-only, 2 read/write, 3 full control */
                            rule: number;
                            peer_count: number;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a shared address book with its rules, peers and tags (full control) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Rename a shared address book, change its note, default password, owner or whether devices may add themselves (full control) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        note?: string;
                        /** @description A new default password; "" or null clears it */
                        password?: string | null;
                        /** @description A new owner’s user id (an administrator’s or the owner’s change) */
                        owner_id?: string;
                        /** @description Let devices add themselves through preset-address-book-* options (administrators only) */
                        accept_presets?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            guid: string;
                            /** @enum {string} */
                            kind: "personal" | "shared";
                            owner_id: string;
                            owner_name: string;
                            name: string;
                            note: string;
                            /** @description Whether the book has a default password (for peers without one of their own) */
                            has_password: boolean;
                            /** @description Whether devices may add themselves through preset-address-book-* options */
                            accept_presets: boolean;
                            created_at: number;
                            updated_at: number;
                        } & {
                            /** @description 1 read-only, 2 read/write, 3 full control */
                            rule: number;
                            peer_count: number;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/admin/address-books/{id}/rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who may use a shared address book: users, then user groups, then everyone (full control) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            guid: string;
                            book_guid: string;
                            /** @enum {string} */
                            subject: "user" | "group" | "everyone";
                            user_id: string | null;
                            group_id: string | null;
                            subject_name: string;
                            /** @description 1 read-only, 2 read/write, 3 full control */
                            rule: number;
                            created_at: number;
                            updated_at: number;
                        }[];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Give a user, a user group or everyone a rule on a shared address book: 1 read-only, 2 read/write, 3 full control (full control) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        subject: "user" | "group" | "everyone";
                        /** @description The user’s or user group’s id (or give `name`); not for everyone */
                        id?: string;
                        /** @description The user’s or user group’s name, exactly (or give `id`) */
                        name?: string;
                        /** @description 1 read-only, 2 read/write, 3 full control */
                        rule: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            guid: string;
                            book_guid: string;
                            /** @enum {string} */
                            subject: "user" | "group" | "everyone";
                            user_id: string | null;
                            group_id: string | null;
                            subject_name: string;
                            /** @description 1 read-only, 2 read/write, 3 full control */
                            rule: number;
                            created_at: number;
                            updated_at: number;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/address-book-rules/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete an address book rule (full control of its book) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change an address book rule (full control of its book) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description 1 read-only, 2 read/write, 3 full control */
                        rule: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/admin/address-books/{id}/peers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The peers of an address book (not its recycle bin) */
        get: {
            parameters: {
                query?: {
                    current?: number;
                    pageSize?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            total: number;
                            data: {
                                id: string;
                                username: string;
                                hostname: string;
                                platform: string;
                                alias: string;
                                tags: string[];
                                force_always_relay: boolean;
                                rdp_port: string;
                                rdp_username: string;
                                login_name: string;
                                device_group_name: string;
                                note: string;
                                same_server: boolean | null;
                                created_at: number;
                                updated_at: number;
                                deleted_at: number | null;
                                /** @description Whether a password (shared books) or password hash (personal books) is saved for it */
                                has_password: boolean;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Add a peer by its RustDesk id (read/write), under the max_peer_one_ab cap */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        id: string;
                        alias?: string;
                        /** @description Its tags; replaces the list */
                        tags?: string[];
                        note?: string;
                        /** @description Its password in a shared book ("" clears it); ignored in a personal book */
                        password?: string;
                        username?: string;
                        hostname?: string;
                        platform?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/address-books/{id}/peers/{peer}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Move a peer to the book’s recycle bin (read/write) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    peer: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a peer’s alias, tags, note, password … (read/write) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    peer: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        alias?: string;
                        /** @description Its tags; replaces the list */
                        tags?: string[];
                        note?: string;
                        /** @description Its password in a shared book ("" clears it); ignored in a personal book */
                        password?: string;
                        username?: string;
                        hostname?: string;
                        platform?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/admin/address-books/{id}/recycle-bin": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Peers deleted in the last 30 days, latest first (read/write) */
        get: {
            parameters: {
                query?: {
                    current?: number;
                    pageSize?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            total: number;
                            data: {
                                id: string;
                                username: string;
                                hostname: string;
                                platform: string;
                                alias: string;
                                tags: string[];
                                force_always_relay: boolean;
                                rdp_port: string;
                                rdp_username: string;
                                login_name: string;
                                device_group_name: string;
                                note: string;
                                same_server: boolean | null;
                                created_at: number;
                                updated_at: number;
                                deleted_at: number | null;
                                /** @description Whether a password (shared books) or password hash (personal books) is saved for it */
                                has_password: boolean;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/address-books/{id}/recycle-bin/restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Put peers back from the recycle bin (read/write; ids not in the bin are ignored) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        ids: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            restored: number;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/address-books/{id}/tags": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tags of an address book */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            name: string;
                            /** @description ARGB32 */
                            color: number;
                        }[];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Add a tag (read/write); without a colour it gets the one RustDesk clients give it */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        /** @description ARGB32, as RustDesk clients send it (0xFF000000 | RGB for an opaque colour) */
                        color?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            name: string;
                            /** @description ARGB32 */
                            color: number;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/address-books/{id}/tags/rename": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Rename a tag, on every peer too (read/write) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        from: string;
                        to: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/address-books/{id}/tags/color": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Change a tag’s colour (read/write) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        /** @description ARGB32, as RustDesk clients send it (0xFF000000 | RGB for an opaque colour) */
                        color: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/address-books/{id}/tags/delete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Delete tags, and take them off every peer (read/write; unknown names are ignored) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        names: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List API tokens (never the tokens themselves) */
        get: {
            parameters: {
                query?: {
                    current?: number;
                    pageSize?: number;
                    include_revoked?: boolean;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            total: number;
                            data: {
                                id: string;
                                name: string;
                                scopes: string[];
                                created_by: string;
                                created_at: number;
                                last_used_at: number | null;
                                expires_at: number | null;
                                revoked_at: number | null;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create an API token; the answer is the only time the token is shown */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        /** @description `admin`, or `<area>:read` / `<area>:write` */
                        scopes: string[];
                        expires_in_days?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Shown this once; only its hash is kept */
                            token: string;
                            info: {
                                id: string;
                                name: string;
                                scopes: string[];
                                created_by: string;
                                created_at: number;
                                last_used_at: number | null;
                                expires_at: number | null;
                                revoked_at: number | null;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an API token */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/audit/console": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Console audit log: every administrative change */
        get: {
            parameters: {
                query?: {
                    current?: number;
                    pageSize?: number;
                    /** @description `user.create`, or a prefix ending in a dot: `user.` */
                    action?: string;
                    /** @description The actor’s name, exactly */
                    actor?: string;
                    /** @description Part of the target’s name */
                    target?: string;
                    /** @description milliseconds since the epoch */
                    from?: number;
                    /** @description milliseconds since the epoch */
                    to?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            total: number;
                            data: {
                                id: string;
                                created_at: number;
                                actor: {
                                    type: string;
                                    id: string;
                                    name: string;
                                };
                                action: string;
                                target: {
                                    type: string;
                                    id: string;
                                    name: string;
                                };
                                detail: {
                                    [key: string]: unknown;
                                };
                                ip: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/audit/sign-in-failures": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Alarm log: failed, locked-out and rate-limited sign-ins, by password and by single sign-on */
        get: {
            parameters: {
                query?: {
                    current?: number;
                    pageSize?: number;
                    kind?: "password" | "sso";
                    /** @description Only failures through this provider */
                    provider_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            total: number;
                            data: {
                                id: string;
                                created_at: number;
                                ip: string;
                                /** @description The name that was tried, or who the provider vouched for; may be empty for single sign-on */
                                name: string;
                                /** @description A code, never shown as it is: for passwords bad_credentials, bad_credentials_locked, locked, rate_limited, disabled (with LDAP also ldap_unavailable, ldap_no_account, ldap_name_taken); for links from e-mails invalid_invitation_link, invalid_reset_link; for single sign-on the error code (oidc.discovery_failed, oidc.provider_error, oidc.user_cap …) */
                                reason: string;
                                /** @description `client` (RustDesk) or `console` */
                                channel: string;
                                /** @enum {string} */
                                kind: "password" | "sso";
                                /** @description The provider of a single sign-on failure; empty for passwords or an unknown provider */
                                provider_id: string;
                                /** @description The provider’s name when it failed (or the name a client asked for) */
                                provider_name: string;
                                /** @description For administrators: the provider’s own error text, or which check failed; may be empty */
                                detail: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/audit/connections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Connections to devices, newest first: one record from new to close */
        get: {
            parameters: {
                query?: {
                    current?: number;
                    pageSize?: number;
                    /** @description Only this device’s records */
                    device_id?: string;
                    /** @description Only connections from this controlling device: its id, or its name in any case */
                    peer?: string;
                    /** @description open: not closed yet; closed */
                    state?: "open" | "closed";
                    /** @description Connection type: 0 remote desktop, 1 file transfer, 2 port forward, 3 camera, 4 terminal */
                    type?: number;
                    /** @description From this time on (milliseconds since the epoch) */
                    from?: number;
                    /** @description Before this time (milliseconds since the epoch) */
                    to?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            total: number;
                            data: {
                                id: string;
                                created_at: number;
                                /** @enum {string} */
                                kind: "conn" | "file" | "alarm";
                                /** @description The controlled device */
                                device_id: string;
                                device_uuid: string;
                                /** @description The device’s own connection number (heartbeat conns) */
                                conn_id: number;
                                /** @description Connection type (0 remote desktop, 1 file transfer, 2 port forward, 3 camera, 4 terminal), file direction (0 sent, 1 received), or alarm typ; -1 for none and for deskgate’s own alarms */
                                type: number;
                                /** @description conn: new, authorized or close (the latest); alarm: deskgate’s own alarm (uuid_mismatch); file: empty */
                                action: string;
                                /** @description Where the controller connected from */
                                ip: string;
                                /** @description The rest of what the client sent (file lists, alarm details, primary_auth …) */
                                info: {
                                    [key: string]: unknown;
                                };
                                /** @description The controller’s u64 session id as decimal text; empty until known */
                                session_id: string;
                                /** @description The controlling device’s id */
                                peer_id: string;
                                /** @description The controlling device’s name */
                                peer_name: string;
                                /** @description The controlling side’s note */
                                note: string;
                                /** @description 0 until authorised */
                                authorized_at: number;
                                /** @description 0 while open */
                                closed_at: number;
                                /**
                                 * @description client: posted by the device; server: deskgate’s own record of a punch or relay request (action punch/relay, info.allowed and info.reason)
                                 * @enum {string}
                                 */
                                source: "client" | "server";
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/audit/connections.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every connection that passes the filters, as CSV */
        get: {
            parameters: {
                query?: {
                    /** @description Only this device’s records */
                    device_id?: string;
                    /** @description Only connections from this controlling device: its id, or its name in any case */
                    peer?: string;
                    /** @description open: not closed yet; closed */
                    state?: "open" | "closed";
                    /** @description Connection type: 0 remote desktop, 1 file transfer, 2 port forward, 3 camera, 4 terminal */
                    type?: number;
                    /** @description From this time on (milliseconds since the epoch) */
                    from?: number;
                    /** @description Before this time (milliseconds since the epoch) */
                    to?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description CSV (RFC 4180) with a header row, every matching record, newest first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/csv": string;
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/audit/files": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** File transfers of devices, newest first */
        get: {
            parameters: {
                query?: {
                    current?: number;
                    pageSize?: number;
                    /** @description Only this device’s records */
                    device_id?: string;
                    /** @description Only connections from this controlling device: its id, or its name in any case */
                    peer?: string;
                    /** @description Direction: 0 sent from the device, 1 received by it */
                    type?: number;
                    /** @description From this time on (milliseconds since the epoch) */
                    from?: number;
                    /** @description Before this time (milliseconds since the epoch) */
                    to?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            total: number;
                            data: {
                                id: string;
                                created_at: number;
                                /** @enum {string} */
                                kind: "conn" | "file" | "alarm";
                                /** @description The controlled device */
                                device_id: string;
                                device_uuid: string;
                                /** @description The device’s own connection number (heartbeat conns) */
                                conn_id: number;
                                /** @description Connection type (0 remote desktop, 1 file transfer, 2 port forward, 3 camera, 4 terminal), file direction (0 sent, 1 received), or alarm typ; -1 for none and for deskgate’s own alarms */
                                type: number;
                                /** @description conn: new, authorized or close (the latest); alarm: deskgate’s own alarm (uuid_mismatch); file: empty */
                                action: string;
                                /** @description Where the controller connected from */
                                ip: string;
                                /** @description The rest of what the client sent (file lists, alarm details, primary_auth …) */
                                info: {
                                    [key: string]: unknown;
                                };
                                /** @description The controller’s u64 session id as decimal text; empty until known */
                                session_id: string;
                                /** @description The controlling device’s id */
                                peer_id: string;
                                /** @description The controlling device’s name */
                                peer_name: string;
                                /** @description The controlling side’s note */
                                note: string;
                                /** @description 0 until authorised */
                                authorized_at: number;
                                /** @description 0 while open */
                                closed_at: number;
                                /**
                                 * @description client: posted by the device; server: deskgate’s own record of a punch or relay request (action punch/relay, info.allowed and info.reason)
                                 * @enum {string}
                                 */
                                source: "client" | "server";
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/audit/files.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every file transfer that passes the filters, as CSV */
        get: {
            parameters: {
                query?: {
                    /** @description Only this device’s records */
                    device_id?: string;
                    /** @description Only connections from this controlling device: its id, or its name in any case */
                    peer?: string;
                    /** @description Direction: 0 sent from the device, 1 received by it */
                    type?: number;
                    /** @description From this time on (milliseconds since the epoch) */
                    from?: number;
                    /** @description Before this time (milliseconds since the epoch) */
                    to?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description CSV (RFC 4180) with a header row, every matching record, newest first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/csv": string;
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/audit/alarms": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Alarms, newest first: what devices reported and deskgate noticed about them, with the failed sign-ins */
        get: {
            parameters: {
                query?: {
                    current?: number;
                    pageSize?: number;
                    /** @description device: what devices reported and deskgate noticed; sign_in: failed sign-ins */
                    source?: "device" | "sign_in";
                    /** @description Only this device’s alarms (and no sign-ins) */
                    device_id?: string;
                    /** @description Only device alarms of this typ (and no sign-ins) */
                    type?: number;
                    /** @description From this time on (milliseconds since the epoch) */
                    from?: number;
                    /** @description Before this time (milliseconds since the epoch) */
                    to?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            total: number;
                            data: {
                                id: string;
                                created_at: number;
                                /** @enum {string} */
                                source: "device" | "sign_in";
                                /** @description The device (device alarms); empty for sign-ins */
                                device_id: string;
                                /** @description The client’s alarm typ (0 IP not allowed, 1 and 2 too many wrong passwords …); -1 for deskgate’s own and for sign-ins */
                                type: number;
                                /** @description deskgate’s own alarm (uuid_mismatch), or the failed sign-in’s reason code */
                                action: string;
                                ip: string;
                                /** @description Device alarms: what the client sent; sign-ins: name, channel, kind, provider_name and detail */
                                info: {
                                    [key: string]: unknown;
                                };
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/audit/alarms.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every alarm that passes the filters, as CSV */
        get: {
            parameters: {
                query?: {
                    /** @description device: what devices reported and deskgate noticed; sign_in: failed sign-ins */
                    source?: "device" | "sign_in";
                    /** @description Only this device’s alarms (and no sign-ins) */
                    device_id?: string;
                    /** @description Only device alarms of this typ (and no sign-ins) */
                    type?: number;
                    /** @description From this time on (milliseconds since the epoch) */
                    from?: number;
                    /** @description Before this time (milliseconds since the epoch) */
                    to?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description CSV (RFC 4180) with a header row, every matching record, newest first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/csv": string;
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Current settings */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            password_login: boolean;
                            /** @description Apply the preset-* options (owner, device group, note) in a new device’s first sysinfo; they are unauthenticated, so off by default */
                            accept_device_presets: boolean;
                            /** @description Days to keep device audit records, the console audit and failed sign-ins; 0 keeps them forever */
                            log_retention_days: number;
                            /** @description The most peers one address book holds (RustDesk clients enforce it too); 0 for no limit */
                            max_peer_one_ab: number;
                            /** @description Only signed-in people can connect: punch and relay requests without a RustDesk client token are refused */
                            "rendezvous.login_required": boolean;
                            /**
                             * @description off: any device registers and can be reached; deployment: only devices deployed with rustdesk --deploy (or known before) register, others are told NOT_DEPLOYED; approval: new devices register but nobody can connect to them until an administrator approves them
                             * @enum {string}
                             */
                            "rendezvous.admission": "off" | "deployment" | "approval";
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        /** Change settings; settings left out keep their value */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        password_login?: boolean;
                        /** @description Apply the preset-* options (owner, device group, note) in a new device’s first sysinfo; they are unauthenticated, so off by default */
                        accept_device_presets?: boolean;
                        /** @description Days to keep device audit records, the console audit and failed sign-ins; 0 keeps them forever */
                        log_retention_days?: number;
                        /** @description The most peers one address book holds (RustDesk clients enforce it too); 0 for no limit */
                        max_peer_one_ab?: number;
                        /** @description Only signed-in people can connect: punch and relay requests without a RustDesk client token are refused */
                        "rendezvous.login_required"?: boolean;
                        /**
                         * @description off: any device registers and can be reached; deployment: only devices deployed with rustdesk --deploy (or known before) register, others are told NOT_DEPLOYED; approval: new devices register but nobody can connect to them until an administrator approves them
                         * @enum {string}
                         */
                        "rendezvous.admission"?: "off" | "deployment" | "approval";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            password_login: boolean;
                            /** @description Apply the preset-* options (owner, device group, note) in a new device’s first sysinfo; they are unauthenticated, so off by default */
                            accept_device_presets: boolean;
                            /** @description Days to keep device audit records, the console audit and failed sign-ins; 0 keeps them forever */
                            log_retention_days: number;
                            /** @description The most peers one address book holds (RustDesk clients enforce it too); 0 for no limit */
                            max_peer_one_ab: number;
                            /** @description Only signed-in people can connect: punch and relay requests without a RustDesk client token are refused */
                            "rendezvous.login_required": boolean;
                            /**
                             * @description off: any device registers and can be reached; deployment: only devices deployed with rustdesk --deploy (or known before) register, others are told NOT_DEPLOYED; approval: new devices register but nobody can connect to them until an administrator approves them
                             * @enum {string}
                             */
                            "rendezvous.admission": "off" | "deployment" | "approval";
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/oidc/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Settings → OIDC page settings */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The origin saved from this page; the base of the redirect URI */
                            public_url: string;
                            /** @description What deskgate sends providers as the redirect URI (read-only) */
                            redirect_uri: string;
                            redirect_uri_source: "DESKGATE_PUBLIC_URL" | "saved" | "request";
                            /** @description Cap on users created by single sign-on; 0: none */
                            max_authorized_users: number;
                            confirm_client_sign_in: boolean;
                            password_login: boolean;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        /** Save Settings → OIDC (the console sends its page origin as public_url) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        public_url?: string;
                        max_authorized_users?: number;
                        confirm_client_sign_in?: boolean;
                        /** @description Needs `settings:write` as well as `oidc:write` */
                        password_login?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/oidc/sign-in-ways/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * What a change would do to who can sign in, nothing changed
         * @description Whether turning password sign-in off, or turning off, deleting or unlinking everyone of a provider, would be refused (409 `signin.would_lock_out`: no enabled administrator left a way to sign in), and how many enabled people would lose every way in
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        change: "password_login_off" | "disable_provider" | "delete_provider" | "unlink_provider";
                        /** @description Required with a provider change */
                        provider_id?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The change itself would be refused */
                            refused: boolean;
                            /** @description Why it would be refused and what to do instead; empty when allowed */
                            message: string;
                            /** @description Enabled people who can sign in now and could not after the change */
                            affected: number;
                            /** @description Their usernames, the first 20 by name */
                            affected_names: string[];
                            /** @description Enabled administrators who could still sign in after the change */
                            administrators_left: number;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/oidc/providers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Auth providers, in order */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            /** @description The `op` RustDesk clients send; empty: the type */
                            name: string;
                            /** @enum {string} */
                            type: "azure" | "google" | "okta" | "auth0" | "keycloak" | "authentik" | "gitlab" | "github" | "oidc" | "oauth2";
                            /** @description The sign-in button’s label; empty: the type’s name */
                            display_name: string;
                            /** @description SVG markup; stored sanitised, shown only as an image */
                            icon: string;
                            /** @description Shown on the sign-in page and usable for sign-in; new providers start disabled unless this is sent as true */
                            enabled: boolean;
                            /** @description Place among the sign-in buttons; new providers go last */
                            position: number;
                            client_id: string;
                            issuer: string;
                            /** @description Azure: fills the issuer https://login.microsoftonline.com/<tenant>/v2.0 */
                            tenant_id: string;
                            /** @description Empty: the type’s scopes, else openid profile email */
                            scopes: string;
                            /** @description Overrides discovery */
                            authorization_endpoint: string;
                            /** @description Overrides discovery */
                            token_endpoint: string;
                            /** @description Overrides discovery */
                            userinfo_endpoint: string;
                            /** @description Overrides discovery */
                            jwks_uri: string;
                            /** @enum {string} */
                            token_endpoint_auth_method: "client_secret_basic" | "client_secret_post";
                            /** @enum {string} */
                            id_token_signed_response_alg: "RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512" | "ES256" | "ES384" | "ES512" | "EdDSA";
                            /** @enum {string} */
                            response_mode: "query" | "form_post";
                            /** @enum {string} */
                            response_type: "code" | "code id_token";
                            /** @description Accept plain http endpoints that are not on loopback */
                            allow_insecure_http: boolean;
                            /** @description Generic OAuth 2: the userinfo field that names a person for good (sub, id …); empty: the type’s (GitHub: id, else sub) */
                            subject_field: string;
                            /** @description The longest a RustDesk client token from this provider lives, in days; the shorter of this and DESKGATE_TOKEN_TTL_DAYS wins; 0: the global value */
                            token_ttl_days: number;
                            /** @description The longest a console session from this provider lives, in hours; the shorter of this and the global session settings wins; 0: the global value */
                            session_ttl_hours: number;
                            /** @description How often a person the provider gave a refresh token (offline_access) is checked again at the provider; a refusal (disabled or deleted account) ends their sign-ins; 0: never */
                            revalidate_minutes: number;
                            has_client_secret: boolean;
                            policy: {
                                /** @description Create a user the first time an unknown identity signs in */
                                auto_register: boolean;
                                /** @description Claim for the username; empty: preferred_username, nickname, login, name, then a verified e-mail */
                                username_claim: string;
                                /** @description Entra ID: tenant ids (GUIDs) whose people may sign in, checked against the tid claim at every sign-in; empty: no tenant filter */
                                allowed_tenants: string[];
                                /** @description E-mail domains whose people may sign in, checked at every sign-in against the domain of a verified e-mail (and, for Google, the hd claim); empty: no domain filter */
                                allowed_email_domains: string[];
                                /** @description GitHub: organisations (logins) whose members may sign in, checked at every sign-in (needs the read:org scope); empty: no organisation filter */
                                allowed_orgs: string[];
                                /** @description The group a person created through this provider joins; empty: Default */
                                default_group: string;
                                /** @description Claim listing the person’s groups (groups, roles; GitHub: orgs), matched to deskgate groups by name at every sign-in; empty: group membership is managed in deskgate only */
                                groups_claim: string;
                                /** @description Values of the groups claim that make a person an administrator; when set, the administrator flag follows the claim at every sign-in, both ways (never removing the last administrator). Setting it needs the admin scope */
                                admin_groups: string[];
                                /** @description A first sign-in may attach to an existing account with the same e-mail, only when the provider marks the e-mail verified; never for Entra ID */
                                link_by_verified_email: boolean;
                                /** @description Anyone the provider vouches for may sign in. A multi-tenant Entra authority (common, organizations), GitHub, gitlab.com and Google cannot be enabled without an allow-list or this; Entra consumers and GitHub only with this */
                                allow_anyone: boolean;
                                /** @description Also ask people who have deskgate two-factor sign-in on for their code after signing in through this provider (and have those whom 2FA is required of set it up). Off: the provider’s own MFA is relied on */
                                require_local_2fa: boolean;
                                /** @description A username made from an e-mail-like claim (alice@contoso.example) drops its domain (alice) when that name is free. On for providers created since it exists; off for older ones */
                                strip_email_domain: boolean;
                            };
                            /** @description Anyone can get an account at this provider and policy does not say who may sign in: it cannot be enabled until it does. Upgrades turn such providers off */
                            needs_policy: boolean;
                            created_at: number;
                            updated_at: number;
                            /** @description The latest single sign-on through this provider that failed for a reason on the provider’s side or in its settings, unless one has succeeded since; null when none (Logs → Failed sign-ins has them all) */
                            last_error: {
                                /** @description When it failed, in milliseconds since the epoch */
                                at: number;
                                /** @description The error code (oidc.discovery_failed, oidc.provider_error …), as in the log of failed sign-ins */
                                reason: string;
                                /** @description For administrators: the provider’s own error, or the check that failed; may be empty */
                                message: string;
                            } | null;
                        }[];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /** New auth provider */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The `op` RustDesk clients send; empty: the type */
                        name?: string;
                        /** @enum {string} */
                        type?: "azure" | "google" | "okta" | "auth0" | "keycloak" | "authentik" | "gitlab" | "github" | "oidc" | "oauth2";
                        /** @description The sign-in button’s label; empty: the type’s name */
                        display_name?: string;
                        /** @description SVG markup; stored sanitised, shown only as an image */
                        icon?: string;
                        /** @description Shown on the sign-in page and usable for sign-in; new providers start disabled unless this is sent as true */
                        enabled?: boolean;
                        /** @description Place among the sign-in buttons; new providers go last */
                        position?: number;
                        client_id?: string;
                        issuer?: string;
                        /** @description Azure: fills the issuer https://login.microsoftonline.com/<tenant>/v2.0 */
                        tenant_id?: string;
                        /** @description Empty: the type’s scopes, else openid profile email */
                        scopes?: string;
                        /** @description Overrides discovery */
                        authorization_endpoint?: string;
                        /** @description Overrides discovery */
                        token_endpoint?: string;
                        /** @description Overrides discovery */
                        userinfo_endpoint?: string;
                        /** @description Overrides discovery */
                        jwks_uri?: string;
                        /** @enum {string} */
                        token_endpoint_auth_method?: "client_secret_basic" | "client_secret_post";
                        /** @enum {string} */
                        id_token_signed_response_alg?: "RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512" | "ES256" | "ES384" | "ES512" | "EdDSA";
                        /** @enum {string} */
                        response_mode?: "query" | "form_post";
                        /** @enum {string} */
                        response_type?: "code" | "code id_token";
                        /** @description Accept plain http endpoints that are not on loopback */
                        allow_insecure_http?: boolean;
                        /** @description Generic OAuth 2: the userinfo field that names a person for good (sub, id …); empty: the type’s (GitHub: id, else sub) */
                        subject_field?: string;
                        /** @description The longest a RustDesk client token from this provider lives, in days; the shorter of this and DESKGATE_TOKEN_TTL_DAYS wins; 0: the global value */
                        token_ttl_days?: number;
                        /** @description The longest a console session from this provider lives, in hours; the shorter of this and the global session settings wins; 0: the global value */
                        session_ttl_hours?: number;
                        /** @description How often a person the provider gave a refresh token (offline_access) is checked again at the provider; a refusal (disabled or deleted account) ends their sign-ins; 0: never */
                        revalidate_minutes?: number;
                        /** @description Write-only; absent or empty: unchanged */
                        client_secret?: string;
                        policy?: {
                            /** @description Create a user the first time an unknown identity signs in */
                            auto_register?: boolean;
                            /** @description Claim for the username; empty: preferred_username, nickname, login, name, then a verified e-mail */
                            username_claim?: string;
                            /** @description Entra ID: tenant ids (GUIDs) whose people may sign in, checked against the tid claim at every sign-in; empty: no tenant filter */
                            allowed_tenants?: string[];
                            /** @description E-mail domains whose people may sign in, checked at every sign-in against the domain of a verified e-mail (and, for Google, the hd claim); empty: no domain filter */
                            allowed_email_domains?: string[];
                            /** @description GitHub: organisations (logins) whose members may sign in, checked at every sign-in (needs the read:org scope); empty: no organisation filter */
                            allowed_orgs?: string[];
                            /** @description The group a person created through this provider joins; empty: Default */
                            default_group?: string;
                            /** @description Claim listing the person’s groups (groups, roles; GitHub: orgs), matched to deskgate groups by name at every sign-in; empty: group membership is managed in deskgate only */
                            groups_claim?: string;
                            /** @description Values of the groups claim that make a person an administrator; when set, the administrator flag follows the claim at every sign-in, both ways (never removing the last administrator). Setting it needs the admin scope */
                            admin_groups?: string[];
                            /** @description A first sign-in may attach to an existing account with the same e-mail, only when the provider marks the e-mail verified; never for Entra ID */
                            link_by_verified_email?: boolean;
                            /** @description Anyone the provider vouches for may sign in. A multi-tenant Entra authority (common, organizations), GitHub, gitlab.com and Google cannot be enabled without an allow-list or this; Entra consumers and GitHub only with this */
                            allow_anyone?: boolean;
                            /** @description Also ask people who have deskgate two-factor sign-in on for their code after signing in through this provider (and have those whom 2FA is required of set it up). Off: the provider’s own MFA is relied on */
                            require_local_2fa?: boolean;
                            /** @description A username made from an e-mail-like claim (alice@contoso.example) drops its domain (alice) when that name is free. On for providers created since it exists; off for older ones */
                            strip_email_domain?: boolean;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            /** @description The `op` RustDesk clients send; empty: the type */
                            name: string;
                            /** @enum {string} */
                            type: "azure" | "google" | "okta" | "auth0" | "keycloak" | "authentik" | "gitlab" | "github" | "oidc" | "oauth2";
                            /** @description The sign-in button’s label; empty: the type’s name */
                            display_name: string;
                            /** @description SVG markup; stored sanitised, shown only as an image */
                            icon: string;
                            /** @description Shown on the sign-in page and usable for sign-in; new providers start disabled unless this is sent as true */
                            enabled: boolean;
                            /** @description Place among the sign-in buttons; new providers go last */
                            position: number;
                            client_id: string;
                            issuer: string;
                            /** @description Azure: fills the issuer https://login.microsoftonline.com/<tenant>/v2.0 */
                            tenant_id: string;
                            /** @description Empty: the type’s scopes, else openid profile email */
                            scopes: string;
                            /** @description Overrides discovery */
                            authorization_endpoint: string;
                            /** @description Overrides discovery */
                            token_endpoint: string;
                            /** @description Overrides discovery */
                            userinfo_endpoint: string;
                            /** @description Overrides discovery */
                            jwks_uri: string;
                            /** @enum {string} */
                            token_endpoint_auth_method: "client_secret_basic" | "client_secret_post";
                            /** @enum {string} */
                            id_token_signed_response_alg: "RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512" | "ES256" | "ES384" | "ES512" | "EdDSA";
                            /** @enum {string} */
                            response_mode: "query" | "form_post";
                            /** @enum {string} */
                            response_type: "code" | "code id_token";
                            /** @description Accept plain http endpoints that are not on loopback */
                            allow_insecure_http: boolean;
                            /** @description Generic OAuth 2: the userinfo field that names a person for good (sub, id …); empty: the type’s (GitHub: id, else sub) */
                            subject_field: string;
                            /** @description The longest a RustDesk client token from this provider lives, in days; the shorter of this and DESKGATE_TOKEN_TTL_DAYS wins; 0: the global value */
                            token_ttl_days: number;
                            /** @description The longest a console session from this provider lives, in hours; the shorter of this and the global session settings wins; 0: the global value */
                            session_ttl_hours: number;
                            /** @description How often a person the provider gave a refresh token (offline_access) is checked again at the provider; a refusal (disabled or deleted account) ends their sign-ins; 0: never */
                            revalidate_minutes: number;
                            has_client_secret: boolean;
                            policy: {
                                /** @description Create a user the first time an unknown identity signs in */
                                auto_register: boolean;
                                /** @description Claim for the username; empty: preferred_username, nickname, login, name, then a verified e-mail */
                                username_claim: string;
                                /** @description Entra ID: tenant ids (GUIDs) whose people may sign in, checked against the tid claim at every sign-in; empty: no tenant filter */
                                allowed_tenants: string[];
                                /** @description E-mail domains whose people may sign in, checked at every sign-in against the domain of a verified e-mail (and, for Google, the hd claim); empty: no domain filter */
                                allowed_email_domains: string[];
                                /** @description GitHub: organisations (logins) whose members may sign in, checked at every sign-in (needs the read:org scope); empty: no organisation filter */
                                allowed_orgs: string[];
                                /** @description The group a person created through this provider joins; empty: Default */
                                default_group: string;
                                /** @description Claim listing the person’s groups (groups, roles; GitHub: orgs), matched to deskgate groups by name at every sign-in; empty: group membership is managed in deskgate only */
                                groups_claim: string;
                                /** @description Values of the groups claim that make a person an administrator; when set, the administrator flag follows the claim at every sign-in, both ways (never removing the last administrator). Setting it needs the admin scope */
                                admin_groups: string[];
                                /** @description A first sign-in may attach to an existing account with the same e-mail, only when the provider marks the e-mail verified; never for Entra ID */
                                link_by_verified_email: boolean;
                                /** @description Anyone the provider vouches for may sign in. A multi-tenant Entra authority (common, organizations), GitHub, gitlab.com and Google cannot be enabled without an allow-list or this; Entra consumers and GitHub only with this */
                                allow_anyone: boolean;
                                /** @description Also ask people who have deskgate two-factor sign-in on for their code after signing in through this provider (and have those whom 2FA is required of set it up). Off: the provider’s own MFA is relied on */
                                require_local_2fa: boolean;
                                /** @description A username made from an e-mail-like claim (alice@contoso.example) drops its domain (alice) when that name is free. On for providers created since it exists; off for older ones */
                                strip_email_domain: boolean;
                            };
                            /** @description Anyone can get an account at this provider and policy does not say who may sign in: it cannot be enabled until it does. Upgrades turn such providers off */
                            needs_policy: boolean;
                            created_at: number;
                            updated_at: number;
                            /** @description The latest single sign-on through this provider that failed for a reason on the provider’s side or in its settings, unless one has succeeded since; null when none (Logs → Failed sign-ins has them all) */
                            last_error: {
                                /** @description When it failed, in milliseconds since the epoch */
                                at: number;
                                /** @description The error code (oidc.discovery_failed, oidc.provider_error …), as in the log of failed sign-ins */
                                reason: string;
                                /** @description For administrators: the provider’s own error, or the check that failed; may be empty */
                                message: string;
                            } | null;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/oidc/providers/order": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Reorder providers (the login buttons follow this order) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        ids: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            /** @description The `op` RustDesk clients send; empty: the type */
                            name: string;
                            /** @enum {string} */
                            type: "azure" | "google" | "okta" | "auth0" | "keycloak" | "authentik" | "gitlab" | "github" | "oidc" | "oauth2";
                            /** @description The sign-in button’s label; empty: the type’s name */
                            display_name: string;
                            /** @description SVG markup; stored sanitised, shown only as an image */
                            icon: string;
                            /** @description Shown on the sign-in page and usable for sign-in; new providers start disabled unless this is sent as true */
                            enabled: boolean;
                            /** @description Place among the sign-in buttons; new providers go last */
                            position: number;
                            client_id: string;
                            issuer: string;
                            /** @description Azure: fills the issuer https://login.microsoftonline.com/<tenant>/v2.0 */
                            tenant_id: string;
                            /** @description Empty: the type’s scopes, else openid profile email */
                            scopes: string;
                            /** @description Overrides discovery */
                            authorization_endpoint: string;
                            /** @description Overrides discovery */
                            token_endpoint: string;
                            /** @description Overrides discovery */
                            userinfo_endpoint: string;
                            /** @description Overrides discovery */
                            jwks_uri: string;
                            /** @enum {string} */
                            token_endpoint_auth_method: "client_secret_basic" | "client_secret_post";
                            /** @enum {string} */
                            id_token_signed_response_alg: "RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512" | "ES256" | "ES384" | "ES512" | "EdDSA";
                            /** @enum {string} */
                            response_mode: "query" | "form_post";
                            /** @enum {string} */
                            response_type: "code" | "code id_token";
                            /** @description Accept plain http endpoints that are not on loopback */
                            allow_insecure_http: boolean;
                            /** @description Generic OAuth 2: the userinfo field that names a person for good (sub, id …); empty: the type’s (GitHub: id, else sub) */
                            subject_field: string;
                            /** @description The longest a RustDesk client token from this provider lives, in days; the shorter of this and DESKGATE_TOKEN_TTL_DAYS wins; 0: the global value */
                            token_ttl_days: number;
                            /** @description The longest a console session from this provider lives, in hours; the shorter of this and the global session settings wins; 0: the global value */
                            session_ttl_hours: number;
                            /** @description How often a person the provider gave a refresh token (offline_access) is checked again at the provider; a refusal (disabled or deleted account) ends their sign-ins; 0: never */
                            revalidate_minutes: number;
                            has_client_secret: boolean;
                            policy: {
                                /** @description Create a user the first time an unknown identity signs in */
                                auto_register: boolean;
                                /** @description Claim for the username; empty: preferred_username, nickname, login, name, then a verified e-mail */
                                username_claim: string;
                                /** @description Entra ID: tenant ids (GUIDs) whose people may sign in, checked against the tid claim at every sign-in; empty: no tenant filter */
                                allowed_tenants: string[];
                                /** @description E-mail domains whose people may sign in, checked at every sign-in against the domain of a verified e-mail (and, for Google, the hd claim); empty: no domain filter */
                                allowed_email_domains: string[];
                                /** @description GitHub: organisations (logins) whose members may sign in, checked at every sign-in (needs the read:org scope); empty: no organisation filter */
                                allowed_orgs: string[];
                                /** @description The group a person created through this provider joins; empty: Default */
                                default_group: string;
                                /** @description Claim listing the person’s groups (groups, roles; GitHub: orgs), matched to deskgate groups by name at every sign-in; empty: group membership is managed in deskgate only */
                                groups_claim: string;
                                /** @description Values of the groups claim that make a person an administrator; when set, the administrator flag follows the claim at every sign-in, both ways (never removing the last administrator). Setting it needs the admin scope */
                                admin_groups: string[];
                                /** @description A first sign-in may attach to an existing account with the same e-mail, only when the provider marks the e-mail verified; never for Entra ID */
                                link_by_verified_email: boolean;
                                /** @description Anyone the provider vouches for may sign in. A multi-tenant Entra authority (common, organizations), GitHub, gitlab.com and Google cannot be enabled without an allow-list or this; Entra consumers and GitHub only with this */
                                allow_anyone: boolean;
                                /** @description Also ask people who have deskgate two-factor sign-in on for their code after signing in through this provider (and have those whom 2FA is required of set it up). Off: the provider’s own MFA is relied on */
                                require_local_2fa: boolean;
                                /** @description A username made from an e-mail-like claim (alice@contoso.example) drops its domain (alice) when that name is free. On for providers created since it exists; off for older ones */
                                strip_email_domain: boolean;
                            };
                            /** @description Anyone can get an account at this provider and policy does not say who may sign in: it cannot be enabled until it does. Upgrades turn such providers off */
                            needs_policy: boolean;
                            created_at: number;
                            updated_at: number;
                            /** @description The latest single sign-on through this provider that failed for a reason on the provider’s side or in its settings, unless one has succeeded since; null when none (Logs → Failed sign-ins has them all) */
                            last_error: {
                                /** @description When it failed, in milliseconds since the epoch */
                                at: number;
                                /** @description The error code (oidc.discovery_failed, oidc.provider_error …), as in the log of failed sign-ins */
                                reason: string;
                                /** @description For administrators: the provider’s own error, or the check that failed; may be empty */
                                message: string;
                            } | null;
                        }[];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/oidc/providers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            /** @description The `op` RustDesk clients send; empty: the type */
                            name: string;
                            /** @enum {string} */
                            type: "azure" | "google" | "okta" | "auth0" | "keycloak" | "authentik" | "gitlab" | "github" | "oidc" | "oauth2";
                            /** @description The sign-in button’s label; empty: the type’s name */
                            display_name: string;
                            /** @description SVG markup; stored sanitised, shown only as an image */
                            icon: string;
                            /** @description Shown on the sign-in page and usable for sign-in; new providers start disabled unless this is sent as true */
                            enabled: boolean;
                            /** @description Place among the sign-in buttons; new providers go last */
                            position: number;
                            client_id: string;
                            issuer: string;
                            /** @description Azure: fills the issuer https://login.microsoftonline.com/<tenant>/v2.0 */
                            tenant_id: string;
                            /** @description Empty: the type’s scopes, else openid profile email */
                            scopes: string;
                            /** @description Overrides discovery */
                            authorization_endpoint: string;
                            /** @description Overrides discovery */
                            token_endpoint: string;
                            /** @description Overrides discovery */
                            userinfo_endpoint: string;
                            /** @description Overrides discovery */
                            jwks_uri: string;
                            /** @enum {string} */
                            token_endpoint_auth_method: "client_secret_basic" | "client_secret_post";
                            /** @enum {string} */
                            id_token_signed_response_alg: "RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512" | "ES256" | "ES384" | "ES512" | "EdDSA";
                            /** @enum {string} */
                            response_mode: "query" | "form_post";
                            /** @enum {string} */
                            response_type: "code" | "code id_token";
                            /** @description Accept plain http endpoints that are not on loopback */
                            allow_insecure_http: boolean;
                            /** @description Generic OAuth 2: the userinfo field that names a person for good (sub, id …); empty: the type’s (GitHub: id, else sub) */
                            subject_field: string;
                            /** @description The longest a RustDesk client token from this provider lives, in days; the shorter of this and DESKGATE_TOKEN_TTL_DAYS wins; 0: the global value */
                            token_ttl_days: number;
                            /** @description The longest a console session from this provider lives, in hours; the shorter of this and the global session settings wins; 0: the global value */
                            session_ttl_hours: number;
                            /** @description How often a person the provider gave a refresh token (offline_access) is checked again at the provider; a refusal (disabled or deleted account) ends their sign-ins; 0: never */
                            revalidate_minutes: number;
                            has_client_secret: boolean;
                            policy: {
                                /** @description Create a user the first time an unknown identity signs in */
                                auto_register: boolean;
                                /** @description Claim for the username; empty: preferred_username, nickname, login, name, then a verified e-mail */
                                username_claim: string;
                                /** @description Entra ID: tenant ids (GUIDs) whose people may sign in, checked against the tid claim at every sign-in; empty: no tenant filter */
                                allowed_tenants: string[];
                                /** @description E-mail domains whose people may sign in, checked at every sign-in against the domain of a verified e-mail (and, for Google, the hd claim); empty: no domain filter */
                                allowed_email_domains: string[];
                                /** @description GitHub: organisations (logins) whose members may sign in, checked at every sign-in (needs the read:org scope); empty: no organisation filter */
                                allowed_orgs: string[];
                                /** @description The group a person created through this provider joins; empty: Default */
                                default_group: string;
                                /** @description Claim listing the person’s groups (groups, roles; GitHub: orgs), matched to deskgate groups by name at every sign-in; empty: group membership is managed in deskgate only */
                                groups_claim: string;
                                /** @description Values of the groups claim that make a person an administrator; when set, the administrator flag follows the claim at every sign-in, both ways (never removing the last administrator). Setting it needs the admin scope */
                                admin_groups: string[];
                                /** @description A first sign-in may attach to an existing account with the same e-mail, only when the provider marks the e-mail verified; never for Entra ID */
                                link_by_verified_email: boolean;
                                /** @description Anyone the provider vouches for may sign in. A multi-tenant Entra authority (common, organizations), GitHub, gitlab.com and Google cannot be enabled without an allow-list or this; Entra consumers and GitHub only with this */
                                allow_anyone: boolean;
                                /** @description Also ask people who have deskgate two-factor sign-in on for their code after signing in through this provider (and have those whom 2FA is required of set it up). Off: the provider’s own MFA is relied on */
                                require_local_2fa: boolean;
                                /** @description A username made from an e-mail-like claim (alice@contoso.example) drops its domain (alice) when that name is free. On for providers created since it exists; off for older ones */
                                strip_email_domain: boolean;
                            };
                            /** @description Anyone can get an account at this provider and policy does not say who may sign in: it cannot be enabled until it does. Upgrades turn such providers off */
                            needs_policy: boolean;
                            created_at: number;
                            updated_at: number;
                            /** @description The latest single sign-on through this provider that failed for a reason on the provider’s side or in its settings, unless one has succeeded since; null when none (Logs → Failed sign-ins has them all) */
                            last_error: {
                                /** @description When it failed, in milliseconds since the epoch */
                                at: number;
                                /** @description The error code (oidc.discovery_failed, oidc.provider_error …), as in the log of failed sign-ins */
                                reason: string;
                                /** @description For administrators: the provider’s own error, or the check that failed; may be empty */
                                message: string;
                            } | null;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a provider; takes effect at once */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The `op` RustDesk clients send; empty: the type */
                        name?: string;
                        /** @enum {string} */
                        type?: "azure" | "google" | "okta" | "auth0" | "keycloak" | "authentik" | "gitlab" | "github" | "oidc" | "oauth2";
                        /** @description The sign-in button’s label; empty: the type’s name */
                        display_name?: string;
                        /** @description SVG markup; stored sanitised, shown only as an image */
                        icon?: string;
                        /** @description Shown on the sign-in page and usable for sign-in; new providers start disabled unless this is sent as true */
                        enabled?: boolean;
                        /** @description Place among the sign-in buttons; new providers go last */
                        position?: number;
                        client_id?: string;
                        issuer?: string;
                        /** @description Azure: fills the issuer https://login.microsoftonline.com/<tenant>/v2.0 */
                        tenant_id?: string;
                        /** @description Empty: the type’s scopes, else openid profile email */
                        scopes?: string;
                        /** @description Overrides discovery */
                        authorization_endpoint?: string;
                        /** @description Overrides discovery */
                        token_endpoint?: string;
                        /** @description Overrides discovery */
                        userinfo_endpoint?: string;
                        /** @description Overrides discovery */
                        jwks_uri?: string;
                        /** @enum {string} */
                        token_endpoint_auth_method?: "client_secret_basic" | "client_secret_post";
                        /** @enum {string} */
                        id_token_signed_response_alg?: "RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512" | "ES256" | "ES384" | "ES512" | "EdDSA";
                        /** @enum {string} */
                        response_mode?: "query" | "form_post";
                        /** @enum {string} */
                        response_type?: "code" | "code id_token";
                        /** @description Accept plain http endpoints that are not on loopback */
                        allow_insecure_http?: boolean;
                        /** @description Generic OAuth 2: the userinfo field that names a person for good (sub, id …); empty: the type’s (GitHub: id, else sub) */
                        subject_field?: string;
                        /** @description The longest a RustDesk client token from this provider lives, in days; the shorter of this and DESKGATE_TOKEN_TTL_DAYS wins; 0: the global value */
                        token_ttl_days?: number;
                        /** @description The longest a console session from this provider lives, in hours; the shorter of this and the global session settings wins; 0: the global value */
                        session_ttl_hours?: number;
                        /** @description How often a person the provider gave a refresh token (offline_access) is checked again at the provider; a refusal (disabled or deleted account) ends their sign-ins; 0: never */
                        revalidate_minutes?: number;
                        /** @description Write-only; absent or empty: unchanged */
                        client_secret?: string;
                        policy?: {
                            /** @description Create a user the first time an unknown identity signs in */
                            auto_register?: boolean;
                            /** @description Claim for the username; empty: preferred_username, nickname, login, name, then a verified e-mail */
                            username_claim?: string;
                            /** @description Entra ID: tenant ids (GUIDs) whose people may sign in, checked against the tid claim at every sign-in; empty: no tenant filter */
                            allowed_tenants?: string[];
                            /** @description E-mail domains whose people may sign in, checked at every sign-in against the domain of a verified e-mail (and, for Google, the hd claim); empty: no domain filter */
                            allowed_email_domains?: string[];
                            /** @description GitHub: organisations (logins) whose members may sign in, checked at every sign-in (needs the read:org scope); empty: no organisation filter */
                            allowed_orgs?: string[];
                            /** @description The group a person created through this provider joins; empty: Default */
                            default_group?: string;
                            /** @description Claim listing the person’s groups (groups, roles; GitHub: orgs), matched to deskgate groups by name at every sign-in; empty: group membership is managed in deskgate only */
                            groups_claim?: string;
                            /** @description Values of the groups claim that make a person an administrator; when set, the administrator flag follows the claim at every sign-in, both ways (never removing the last administrator). Setting it needs the admin scope */
                            admin_groups?: string[];
                            /** @description A first sign-in may attach to an existing account with the same e-mail, only when the provider marks the e-mail verified; never for Entra ID */
                            link_by_verified_email?: boolean;
                            /** @description Anyone the provider vouches for may sign in. A multi-tenant Entra authority (common, organizations), GitHub, gitlab.com and Google cannot be enabled without an allow-list or this; Entra consumers and GitHub only with this */
                            allow_anyone?: boolean;
                            /** @description Also ask people who have deskgate two-factor sign-in on for their code after signing in through this provider (and have those whom 2FA is required of set it up). Off: the provider’s own MFA is relied on */
                            require_local_2fa?: boolean;
                            /** @description A username made from an e-mail-like claim (alice@contoso.example) drops its domain (alice) when that name is free. On for providers created since it exists; off for older ones */
                            strip_email_domain?: boolean;
                        };
                        /** @description Needed to change type, issuer, tenant_id, an endpoint or jwks_uri while people are linked through the provider (else 409 provider.has_links): their links are deleted with the change and the audit record counts them */
                        unlink_identities?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            /** @description The `op` RustDesk clients send; empty: the type */
                            name: string;
                            /** @enum {string} */
                            type: "azure" | "google" | "okta" | "auth0" | "keycloak" | "authentik" | "gitlab" | "github" | "oidc" | "oauth2";
                            /** @description The sign-in button’s label; empty: the type’s name */
                            display_name: string;
                            /** @description SVG markup; stored sanitised, shown only as an image */
                            icon: string;
                            /** @description Shown on the sign-in page and usable for sign-in; new providers start disabled unless this is sent as true */
                            enabled: boolean;
                            /** @description Place among the sign-in buttons; new providers go last */
                            position: number;
                            client_id: string;
                            issuer: string;
                            /** @description Azure: fills the issuer https://login.microsoftonline.com/<tenant>/v2.0 */
                            tenant_id: string;
                            /** @description Empty: the type’s scopes, else openid profile email */
                            scopes: string;
                            /** @description Overrides discovery */
                            authorization_endpoint: string;
                            /** @description Overrides discovery */
                            token_endpoint: string;
                            /** @description Overrides discovery */
                            userinfo_endpoint: string;
                            /** @description Overrides discovery */
                            jwks_uri: string;
                            /** @enum {string} */
                            token_endpoint_auth_method: "client_secret_basic" | "client_secret_post";
                            /** @enum {string} */
                            id_token_signed_response_alg: "RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512" | "ES256" | "ES384" | "ES512" | "EdDSA";
                            /** @enum {string} */
                            response_mode: "query" | "form_post";
                            /** @enum {string} */
                            response_type: "code" | "code id_token";
                            /** @description Accept plain http endpoints that are not on loopback */
                            allow_insecure_http: boolean;
                            /** @description Generic OAuth 2: the userinfo field that names a person for good (sub, id …); empty: the type’s (GitHub: id, else sub) */
                            subject_field: string;
                            /** @description The longest a RustDesk client token from this provider lives, in days; the shorter of this and DESKGATE_TOKEN_TTL_DAYS wins; 0: the global value */
                            token_ttl_days: number;
                            /** @description The longest a console session from this provider lives, in hours; the shorter of this and the global session settings wins; 0: the global value */
                            session_ttl_hours: number;
                            /** @description How often a person the provider gave a refresh token (offline_access) is checked again at the provider; a refusal (disabled or deleted account) ends their sign-ins; 0: never */
                            revalidate_minutes: number;
                            has_client_secret: boolean;
                            policy: {
                                /** @description Create a user the first time an unknown identity signs in */
                                auto_register: boolean;
                                /** @description Claim for the username; empty: preferred_username, nickname, login, name, then a verified e-mail */
                                username_claim: string;
                                /** @description Entra ID: tenant ids (GUIDs) whose people may sign in, checked against the tid claim at every sign-in; empty: no tenant filter */
                                allowed_tenants: string[];
                                /** @description E-mail domains whose people may sign in, checked at every sign-in against the domain of a verified e-mail (and, for Google, the hd claim); empty: no domain filter */
                                allowed_email_domains: string[];
                                /** @description GitHub: organisations (logins) whose members may sign in, checked at every sign-in (needs the read:org scope); empty: no organisation filter */
                                allowed_orgs: string[];
                                /** @description The group a person created through this provider joins; empty: Default */
                                default_group: string;
                                /** @description Claim listing the person’s groups (groups, roles; GitHub: orgs), matched to deskgate groups by name at every sign-in; empty: group membership is managed in deskgate only */
                                groups_claim: string;
                                /** @description Values of the groups claim that make a person an administrator; when set, the administrator flag follows the claim at every sign-in, both ways (never removing the last administrator). Setting it needs the admin scope */
                                admin_groups: string[];
                                /** @description A first sign-in may attach to an existing account with the same e-mail, only when the provider marks the e-mail verified; never for Entra ID */
                                link_by_verified_email: boolean;
                                /** @description Anyone the provider vouches for may sign in. A multi-tenant Entra authority (common, organizations), GitHub, gitlab.com and Google cannot be enabled without an allow-list or this; Entra consumers and GitHub only with this */
                                allow_anyone: boolean;
                                /** @description Also ask people who have deskgate two-factor sign-in on for their code after signing in through this provider (and have those whom 2FA is required of set it up). Off: the provider’s own MFA is relied on */
                                require_local_2fa: boolean;
                                /** @description A username made from an e-mail-like claim (alice@contoso.example) drops its domain (alice) when that name is free. On for providers created since it exists; off for older ones */
                                strip_email_domain: boolean;
                            };
                            /** @description Anyone can get an account at this provider and policy does not say who may sign in: it cannot be enabled until it does. Upgrades turn such providers off */
                            needs_policy: boolean;
                            created_at: number;
                            updated_at: number;
                            /** @description The latest single sign-on through this provider that failed for a reason on the provider’s side or in its settings, unless one has succeeded since; null when none (Logs → Failed sign-ins has them all) */
                            last_error: {
                                /** @description When it failed, in milliseconds since the epoch */
                                at: number;
                                /** @description The error code (oidc.discovery_failed, oidc.provider_error …), as in the log of failed sign-ins */
                                reason: string;
                                /** @description For administrators: the provider’s own error, or the check that failed; may be empty */
                                message: string;
                            } | null;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/admin/oidc/providers/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Test a provider: discovery, issuer, keys and client secret, in plain words
         * @description With a body (the form’s current values, as PATCH takes them; client_secret absent: the saved one), tests those instead of the saved provider, saving nothing; `tested` says which
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The `op` RustDesk clients send; empty: the type */
                        name?: string;
                        /** @enum {string} */
                        type?: "azure" | "google" | "okta" | "auth0" | "keycloak" | "authentik" | "gitlab" | "github" | "oidc" | "oauth2";
                        /** @description The sign-in button’s label; empty: the type’s name */
                        display_name?: string;
                        /** @description SVG markup; stored sanitised, shown only as an image */
                        icon?: string;
                        /** @description Shown on the sign-in page and usable for sign-in; new providers start disabled unless this is sent as true */
                        enabled?: boolean;
                        /** @description Place among the sign-in buttons; new providers go last */
                        position?: number;
                        client_id?: string;
                        issuer?: string;
                        /** @description Azure: fills the issuer https://login.microsoftonline.com/<tenant>/v2.0 */
                        tenant_id?: string;
                        /** @description Empty: the type’s scopes, else openid profile email */
                        scopes?: string;
                        /** @description Overrides discovery */
                        authorization_endpoint?: string;
                        /** @description Overrides discovery */
                        token_endpoint?: string;
                        /** @description Overrides discovery */
                        userinfo_endpoint?: string;
                        /** @description Overrides discovery */
                        jwks_uri?: string;
                        /** @enum {string} */
                        token_endpoint_auth_method?: "client_secret_basic" | "client_secret_post";
                        /** @enum {string} */
                        id_token_signed_response_alg?: "RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512" | "ES256" | "ES384" | "ES512" | "EdDSA";
                        /** @enum {string} */
                        response_mode?: "query" | "form_post";
                        /** @enum {string} */
                        response_type?: "code" | "code id_token";
                        /** @description Accept plain http endpoints that are not on loopback */
                        allow_insecure_http?: boolean;
                        /** @description Generic OAuth 2: the userinfo field that names a person for good (sub, id …); empty: the type’s (GitHub: id, else sub) */
                        subject_field?: string;
                        /** @description The longest a RustDesk client token from this provider lives, in days; the shorter of this and DESKGATE_TOKEN_TTL_DAYS wins; 0: the global value */
                        token_ttl_days?: number;
                        /** @description The longest a console session from this provider lives, in hours; the shorter of this and the global session settings wins; 0: the global value */
                        session_ttl_hours?: number;
                        /** @description How often a person the provider gave a refresh token (offline_access) is checked again at the provider; a refusal (disabled or deleted account) ends their sign-ins; 0: never */
                        revalidate_minutes?: number;
                        /** @description Write-only; absent or empty: unchanged */
                        client_secret?: string;
                        policy?: {
                            /** @description Create a user the first time an unknown identity signs in */
                            auto_register?: boolean;
                            /** @description Claim for the username; empty: preferred_username, nickname, login, name, then a verified e-mail */
                            username_claim?: string;
                            /** @description Entra ID: tenant ids (GUIDs) whose people may sign in, checked against the tid claim at every sign-in; empty: no tenant filter */
                            allowed_tenants?: string[];
                            /** @description E-mail domains whose people may sign in, checked at every sign-in against the domain of a verified e-mail (and, for Google, the hd claim); empty: no domain filter */
                            allowed_email_domains?: string[];
                            /** @description GitHub: organisations (logins) whose members may sign in, checked at every sign-in (needs the read:org scope); empty: no organisation filter */
                            allowed_orgs?: string[];
                            /** @description The group a person created through this provider joins; empty: Default */
                            default_group?: string;
                            /** @description Claim listing the person’s groups (groups, roles; GitHub: orgs), matched to deskgate groups by name at every sign-in; empty: group membership is managed in deskgate only */
                            groups_claim?: string;
                            /** @description Values of the groups claim that make a person an administrator; when set, the administrator flag follows the claim at every sign-in, both ways (never removing the last administrator). Setting it needs the admin scope */
                            admin_groups?: string[];
                            /** @description A first sign-in may attach to an existing account with the same e-mail, only when the provider marks the e-mail verified; never for Entra ID */
                            link_by_verified_email?: boolean;
                            /** @description Anyone the provider vouches for may sign in. A multi-tenant Entra authority (common, organizations), GitHub, gitlab.com and Google cannot be enabled without an allow-list or this; Entra consumers and GitHub only with this */
                            allow_anyone?: boolean;
                            /** @description Also ask people who have deskgate two-factor sign-in on for their code after signing in through this provider (and have those whom 2FA is required of set it up). Off: the provider’s own MFA is relied on */
                            require_local_2fa?: boolean;
                            /** @description A username made from an e-mail-like claim (alice@contoso.example) drops its domain (alice) when that name is free. On for providers created since it exists; off for older ones */
                            strip_email_domain?: boolean;
                        };
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            ok: boolean;
                            /** @description saved: the provider as stored; unsaved: with the values sent in the request (nothing was saved) */
                            tested: "saved" | "unsaved";
                            /** @description The issuer tested (plain OAuth 2: the authorization endpoint) */
                            issuer: string;
                            /** @description What sign-in sends as the redirect URI for this page’s address: register it at the provider */
                            redirect_uri: string;
                            checks: {
                                /** @description discovery, issuer, algorithm, response_type, keys, client_secret, redirect_uri; endpoints for plain OAuth 2 */
                                name: string;
                                ok: boolean;
                                /** @description The whole finding in plain words */
                                message: string;
                                /** @description The URL tried */
                                url?: string;
                                /** @description A failed check: what came back */
                                got?: string;
                                /** @description A failed check: what to do */
                                fix?: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/oidc/providers/{id}/test-sign-in": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The provider’s latest test sign-in report (kept an hour), or null */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            provider_id: string;
                            provider_name: string;
                            /** @description When the test sign-in began (as its start answered), ms since the epoch */
                            started_at: number;
                            /** @description When the provider’s answer came back */
                            finished_at: number;
                            /** @description The sign-in at the provider worked and every verdict admits the person */
                            ok: boolean;
                            /** @description The sign-in at the provider failed: why (no verdicts then) */
                            error: {
                                code: string;
                                message: string;
                            } | null;
                            identity: {
                                subject: string;
                                issuer: string;
                                name: string;
                                email: string;
                                email_verified: boolean;
                                /** @description Microsoft Entra ID: the tid claim; empty elsewhere */
                                tenant: string;
                                /** @description The names of the claims the provider sent */
                                claims: string[];
                            } | null;
                            verdicts: {
                                /** @description The rule: a policy field (allowed_tenants, allowed_email_domains, allowed_orgs, allow_anyone, auto_register, username_claim, groups_claim, admin_groups), max_authorized_users, account_enabled or groups_overage */
                                rule: string;
                                /** @description The rule lets this person in (for groups and administrator: what they would get) */
                                ok: boolean;
                                /** @description The verdict in plain words */
                                message: string;
                                /** @description What to change */
                                fix?: string;
                            }[];
                        } | null;
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Begin a test sign-in through a provider, enabled or not: open `url` in a browser
         * @description Sets the transaction cookie that binds the sign-in to this browser. After the provider, the callback shows each policy rule’s verdict on the person who signed in, signs no one in and creates nothing; GET this path reads the report
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The provider’s authorization URL */
                            url: string;
                            /** @description The report of this test carries the same started_at */
                            started_at: number;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/users/{id}/identities": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Linked SSO identities */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            provider_id: string;
                            /** @description Empty when the provider was deleted */
                            provider_name: string;
                            issuer: string;
                            subject: string;
                            /** @description Microsoft Entra ID: the person’s tenant (tid); empty for other providers */
                            tenant_id: string;
                            /** @description As the provider last reported it; never used to link */
                            email: string;
                            created_at: number;
                            last_sign_in_at: number;
                        }[];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/users/{id}/identities/{identityId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Unlink an SSO identity (the next sign-in with it is treated as a new person); the user’s RustDesk client tokens and console sessions end (but the caller’s own session) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    identityId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/users/{id}/identities/{identityId}/move": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Move an SSO identity to another account (its next sign-in lands there); the first account’s RustDesk client tokens and console sessions end (but the caller’s own session) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    identityId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The account to move it to */
                        user_id: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/ldap": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** LDAP / Active Directory sign-in settings (the bind password is never shown) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Password sign-ins of people without a local account are checked against the directory */
                            enabled: boolean;
                            /** @description `ldap://host[:port]` or `ldaps://host[:port]` */
                            url: string;
                            /** @description Upgrade an `ldap://` connection with StartTLS before binding */
                            start_tls: boolean;
                            /** @description PEM certificate(s) of the CA that signed the server’s certificate; empty: the system’s CAs */
                            ca_pem: string;
                            /** @description DN of the account deskgate searches the directory with; empty: an anonymous search */
                            bind_dn: string;
                            /** @description Where people are searched, e.g. `ou=people,dc=example,dc=com` */
                            base_dn: string;
                            /**
                             * @description `base`, `one` (the base’s children) or `sub` (the whole subtree)
                             * @enum {string}
                             */
                            scope: "base" | "one" | "sub";
                            /** @description Search filter; `{username}` is replaced by the name typed at sign-in, escaped (RFC 4515) */
                            user_filter: string;
                            /** @description Attribute holding the deskgate username of a new account, e.g. `uid` or `sAMAccountName` */
                            username_attribute: string;
                            /** @description Attribute holding the e-mail address; empty: none */
                            email_attribute: string;
                            /** @description Attribute holding the display name; empty: none */
                            display_name_attribute: string;
                            /** @description Attribute with the entry’s stable id that links it to its deskgate account: `entryUUID` (OpenLDAP) or `objectGUID` (Active Directory) */
                            id_attribute: string;
                            /** @description Attribute of the person’s entry listing their groups’ DNs (`memberOf`); empty: groups are managed in deskgate only */
                            group_attribute: string;
                            /** @description Also count the groups the person’s groups are in, and theirs in turn (up to 10 levels and 500 groups), by reading each group’s own `group_attribute`: Active Directory and OpenLDAP’s memberof overlay list a group’s groups there */
                            nested_groups: boolean;
                            /** @description DN of the directory group whose members are deskgate administrators (needs `group_attribute`); empty: the flag is managed in deskgate */
                            admin_group_dn: string;
                            /** @description Create a deskgate account at a directory user’s first sign-in */
                            auto_create: boolean;
                            /** @description How long to wait for the directory, per step */
                            timeout_seconds: number;
                            /** @description Whether a bind password is stored (it is never shown) */
                            has_bind_password: boolean;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        /** Change LDAP settings; fields left out keep their value */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Password sign-ins of people without a local account are checked against the directory */
                        enabled?: boolean;
                        /** @description `ldap://host[:port]` or `ldaps://host[:port]` */
                        url?: string;
                        /** @description Upgrade an `ldap://` connection with StartTLS before binding */
                        start_tls?: boolean;
                        /** @description PEM certificate(s) of the CA that signed the server’s certificate; empty: the system’s CAs */
                        ca_pem?: string;
                        /** @description DN of the account deskgate searches the directory with; empty: an anonymous search */
                        bind_dn?: string;
                        /** @description Where people are searched, e.g. `ou=people,dc=example,dc=com` */
                        base_dn?: string;
                        /**
                         * @description `base`, `one` (the base’s children) or `sub` (the whole subtree)
                         * @enum {string}
                         */
                        scope?: "base" | "one" | "sub";
                        /** @description Search filter; `{username}` is replaced by the name typed at sign-in, escaped (RFC 4515) */
                        user_filter?: string;
                        /** @description Attribute holding the deskgate username of a new account, e.g. `uid` or `sAMAccountName` */
                        username_attribute?: string;
                        /** @description Attribute holding the e-mail address; empty: none */
                        email_attribute?: string;
                        /** @description Attribute holding the display name; empty: none */
                        display_name_attribute?: string;
                        /** @description Attribute with the entry’s stable id that links it to its deskgate account: `entryUUID` (OpenLDAP) or `objectGUID` (Active Directory) */
                        id_attribute?: string;
                        /** @description Attribute of the person’s entry listing their groups’ DNs (`memberOf`); empty: groups are managed in deskgate only */
                        group_attribute?: string;
                        /** @description Also count the groups the person’s groups are in, and theirs in turn (up to 10 levels and 500 groups), by reading each group’s own `group_attribute`: Active Directory and OpenLDAP’s memberof overlay list a group’s groups there */
                        nested_groups?: boolean;
                        /** @description DN of the directory group whose members are deskgate administrators (needs `group_attribute`); empty: the flag is managed in deskgate */
                        admin_group_dn?: string;
                        /** @description Create a deskgate account at a directory user’s first sign-in */
                        auto_create?: boolean;
                        /** @description How long to wait for the directory, per step */
                        timeout_seconds?: number;
                        /** @description Write-only; empty removes it */
                        bind_password?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Password sign-ins of people without a local account are checked against the directory */
                            enabled: boolean;
                            /** @description `ldap://host[:port]` or `ldaps://host[:port]` */
                            url: string;
                            /** @description Upgrade an `ldap://` connection with StartTLS before binding */
                            start_tls: boolean;
                            /** @description PEM certificate(s) of the CA that signed the server’s certificate; empty: the system’s CAs */
                            ca_pem: string;
                            /** @description DN of the account deskgate searches the directory with; empty: an anonymous search */
                            bind_dn: string;
                            /** @description Where people are searched, e.g. `ou=people,dc=example,dc=com` */
                            base_dn: string;
                            /**
                             * @description `base`, `one` (the base’s children) or `sub` (the whole subtree)
                             * @enum {string}
                             */
                            scope: "base" | "one" | "sub";
                            /** @description Search filter; `{username}` is replaced by the name typed at sign-in, escaped (RFC 4515) */
                            user_filter: string;
                            /** @description Attribute holding the deskgate username of a new account, e.g. `uid` or `sAMAccountName` */
                            username_attribute: string;
                            /** @description Attribute holding the e-mail address; empty: none */
                            email_attribute: string;
                            /** @description Attribute holding the display name; empty: none */
                            display_name_attribute: string;
                            /** @description Attribute with the entry’s stable id that links it to its deskgate account: `entryUUID` (OpenLDAP) or `objectGUID` (Active Directory) */
                            id_attribute: string;
                            /** @description Attribute of the person’s entry listing their groups’ DNs (`memberOf`); empty: groups are managed in deskgate only */
                            group_attribute: string;
                            /** @description Also count the groups the person’s groups are in, and theirs in turn (up to 10 levels and 500 groups), by reading each group’s own `group_attribute`: Active Directory and OpenLDAP’s memberof overlay list a group’s groups there */
                            nested_groups: boolean;
                            /** @description DN of the directory group whose members are deskgate administrators (needs `group_attribute`); empty: the flag is managed in deskgate */
                            admin_group_dn: string;
                            /** @description Create a deskgate account at a directory user’s first sign-in */
                            auto_create: boolean;
                            /** @description How long to wait for the directory, per step */
                            timeout_seconds: number;
                            /** @description Whether a bind password is stored (it is never shown) */
                            has_bind_password: boolean;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/ldap/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Test the saved LDAP settings: bind, search for a username, and optionally check a password (rate-limited like a sign-in; a wrong one counts toward the lock-out) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        username: string;
                        /** @description Also check this password by binding as the entry found */
                        password?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Every step passed (with a password: it is right) */
                            ok: boolean;
                            steps: {
                                step: "connect" | "bind" | "search" | "user_bind";
                                ok: boolean;
                                message: string;
                            }[];
                            user?: {
                                dn: string;
                                /** @description The stable id that links the entry to its account */
                                id: string;
                                username: string;
                                email: string;
                                display_name: string;
                                /** @description Values of the group attribute */
                                groups: string[];
                                /** @description The account linked to this entry; empty: a first sign-in would create one */
                                linked_account: string;
                                /** @description The deskgate groups those name */
                                deskgate_groups: string[];
                                /** @description Whether the administrators group makes them one; null when none is set */
                                is_admin: boolean | null;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/smtp": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The SMTP settings (never the password) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The mail server’s host name or IP address; empty: e-mail is off */
                            host: string;
                            /** @description 587 for STARTTLS, 465 for implicit TLS, 25 for a local relay */
                            port: number;
                            /**
                             * @description tls: TLS from the start (465); starttls: upgrade with STARTTLS, refused if the server does not offer it (587); none: plain text, for a relay on the same host or network
                             * @enum {string}
                             */
                            security: "tls" | "starttls" | "none";
                            /** @description Signs in to the server when set; empty: no authentication (and the password is dropped) */
                            username: string;
                            /** @description The sender: an address, or "Name <address>" */
                            from: string;
                            /** @description PEM certificates of a private CA trusted for the server’s certificate, besides the public ones; empty: the public CAs only */
                            ca_pem: string;
                            /** @description How long to wait for the server to connect, greet and answer */
                            timeout_seconds: number;
                            has_password: boolean;
                            /** @description A host and a From address are set: deskgate can send e-mail */
                            configured: boolean;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        /** Change the SMTP settings; fields left out keep their value (needs the admin scope) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The mail server’s host name or IP address; empty: e-mail is off */
                        host?: string;
                        /** @description 587 for STARTTLS, 465 for implicit TLS, 25 for a local relay */
                        port?: number;
                        /**
                         * @description tls: TLS from the start (465); starttls: upgrade with STARTTLS, refused if the server does not offer it (587); none: plain text, for a relay on the same host or network
                         * @enum {string}
                         */
                        security?: "tls" | "starttls" | "none";
                        /** @description Signs in to the server when set; empty: no authentication (and the password is dropped) */
                        username?: string;
                        /** @description The sender: an address, or "Name <address>" */
                        from?: string;
                        /** @description PEM certificates of a private CA trusted for the server’s certificate, besides the public ones; empty: the public CAs only */
                        ca_pem?: string;
                        /** @description How long to wait for the server to connect, greet and answer */
                        timeout_seconds?: number;
                        /** @description Write-only; absent or empty: unchanged */
                        password?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The mail server’s host name or IP address; empty: e-mail is off */
                            host: string;
                            /** @description 587 for STARTTLS, 465 for implicit TLS, 25 for a local relay */
                            port: number;
                            /**
                             * @description tls: TLS from the start (465); starttls: upgrade with STARTTLS, refused if the server does not offer it (587); none: plain text, for a relay on the same host or network
                             * @enum {string}
                             */
                            security: "tls" | "starttls" | "none";
                            /** @description Signs in to the server when set; empty: no authentication (and the password is dropped) */
                            username: string;
                            /** @description The sender: an address, or "Name <address>" */
                            from: string;
                            /** @description PEM certificates of a private CA trusted for the server’s certificate, besides the public ones; empty: the public CAs only */
                            ca_pem: string;
                            /** @description How long to wait for the server to connect, greet and answer */
                            timeout_seconds: number;
                            has_password: boolean;
                            /** @description A host and a From address are set: deskgate can send e-mail */
                            configured: boolean;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/smtp/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a test e-mail with the saved settings
         * @description Answers with the mail server’s final reply; a refusal is a 4xx whose message quotes what the server said.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        to: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description What the server answered, e.g. 250 OK */
                            response: string;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/invitations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Pending invitations, newest first (expired ones too, until resent or revoked) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            email: string;
                            /** @description The username the administrator chose; empty: the person chooses one */
                            name: string;
                            /** @description Who sent (or last resent) it */
                            invited_by: string;
                            created_at: number;
                            /** @description When the latest e-mail was sent */
                            sent_at: number;
                            /** @description The link works until then (72 hours after it was sent) */
                            expires_at: number;
                            /** @description The account it makes is an administrator */
                            is_admin: boolean;
                            /** @description The user groups the account will be in; none: the Default group. A group deleted meanwhile is left out */
                            groups: {
                                id: string;
                                name: string;
                            }[];
                        }[];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Invite an address: sends a link, valid 72 hours and once, to choose a password */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email: string;
                        /** @description The username; absent or empty: the person chooses one */
                        name?: string;
                        /** @description The user groups of the account; absent or empty: the Default group */
                        group_ids?: string[];
                        /** @description The account is an administrator (needs the `admin` scope) */
                        is_admin?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            email: string;
                            /** @description The username the administrator chose; empty: the person chooses one */
                            name: string;
                            /** @description Who sent (or last resent) it */
                            invited_by: string;
                            created_at: number;
                            /** @description When the latest e-mail was sent */
                            sent_at: number;
                            /** @description The link works until then (72 hours after it was sent) */
                            expires_at: number;
                            /** @description The account it makes is an administrator */
                            is_admin: boolean;
                            /** @description The user groups the account will be in; none: the Default group. A group deleted meanwhile is left out */
                            groups: {
                                id: string;
                                name: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/invitations/{id}/resend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a new link (the old one stops working), valid 72 hours from now */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            email: string;
                            /** @description The username the administrator chose; empty: the person chooses one */
                            name: string;
                            /** @description Who sent (or last resent) it */
                            invited_by: string;
                            created_at: number;
                            /** @description When the latest e-mail was sent */
                            sent_at: number;
                            /** @description The link works until then (72 hours after it was sent) */
                            expires_at: number;
                            /** @description The account it makes is an administrator */
                            is_admin: boolean;
                            /** @description The user groups the account will be in; none: the Default group. A group deleted meanwhile is left out */
                            groups: {
                                id: string;
                                name: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/invitations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an invitation: its link stops working */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/rendezvous": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The rendezvous public key and the client settings (ID server, Relay server, API server, Key) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The rendezvous public key, standard base64 (44 characters): the client's Key */
                            public_key: string;
                            /** @description The client's ID server: the public host, with :port unless it is 21116 */
                            id_server: string;
                            /** @description The client's Relay server (DESKGATE_RELAY_HOST, else the ID server's host on the next port) */
                            relay_server: string;
                            /** @description The client's API server: the public URL of deskgate */
                            api_server: string;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/strategies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List strategies, by name */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            total: number;
                            data: {
                                id: string;
                                name: string;
                                note: string;
                                /** @description A disabled strategy reaches no device */
                                enabled: boolean;
                                /** @description For devices that no strategy names by device, owner or device group */
                                is_default: boolean;
                                /** @description Client option key to value (RustDesk option names, such as enable-file-transfer: "N"); "" resets the option to the client’s default */
                                options: {
                                    [key: string]: string;
                                };
                                /** @description Changes with the options; devices echo it as modified_at */
                                revision: number;
                                /** @description Devices that name it themselves */
                                device_count: number;
                                user_count: number;
                                device_group_count: number;
                                /** @description Devices it reaches: its own, their owners’ and groups’, by priority, and as the default */
                                applied_count: number;
                                /** @description milliseconds since the epoch */
                                created_at: number;
                                updated_at: number;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a strategy */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        note?: string;
                        enabled?: boolean;
                        is_default?: boolean;
                        /** @description Client option key to value (RustDesk option names, such as enable-file-transfer: "N"); "" resets the option to the client’s default */
                        options?: {
                            [key: string]: string;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            note: string;
                            /** @description A disabled strategy reaches no device */
                            enabled: boolean;
                            /** @description For devices that no strategy names by device, owner or device group */
                            is_default: boolean;
                            /** @description Client option key to value (RustDesk option names, such as enable-file-transfer: "N"); "" resets the option to the client’s default */
                            options: {
                                [key: string]: string;
                            };
                            /** @description Changes with the options; devices echo it as modified_at */
                            revision: number;
                            /** @description Devices that name it themselves */
                            device_count: number;
                            user_count: number;
                            device_group_count: number;
                            /** @description Devices it reaches: its own, their owners’ and groups’, by priority, and as the default */
                            applied_count: number;
                            /** @description milliseconds since the epoch */
                            created_at: number;
                            updated_at: number;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/strategies/assign": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Give devices, users and device groups a strategy (instead of the one they had), or none of their own */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The strategy to give them, or null for none of their own */
                        strategy_id: string | null;
                        /** @description With strategy_id null: take it only from those whose own strategy is still this one (another may have been given them meanwhile) */
                        from_strategy_id?: string;
                        devices?: string[];
                        users?: string[];
                        device_groups?: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/strategies/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One strategy */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            note: string;
                            /** @description A disabled strategy reaches no device */
                            enabled: boolean;
                            /** @description For devices that no strategy names by device, owner or device group */
                            is_default: boolean;
                            /** @description Client option key to value (RustDesk option names, such as enable-file-transfer: "N"); "" resets the option to the client’s default */
                            options: {
                                [key: string]: string;
                            };
                            /** @description Changes with the options; devices echo it as modified_at */
                            revision: number;
                            /** @description Devices that name it themselves */
                            device_count: number;
                            user_count: number;
                            device_group_count: number;
                            /** @description Devices it reaches: its own, their owners’ and groups’, by priority, and as the default */
                            applied_count: number;
                            /** @description milliseconds since the epoch */
                            created_at: number;
                            updated_at: number;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a strategy (its devices keep the options it set) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a strategy: new options reach its devices with their next heartbeats */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        note?: string;
                        enabled?: boolean;
                        is_default?: boolean;
                        /** @description Client option key to value (RustDesk option names, such as enable-file-transfer: "N"); "" resets the option to the client’s default */
                        options?: {
                            [key: string]: string;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            note: string;
                            /** @description A disabled strategy reaches no device */
                            enabled: boolean;
                            /** @description For devices that no strategy names by device, owner or device group */
                            is_default: boolean;
                            /** @description Client option key to value (RustDesk option names, such as enable-file-transfer: "N"); "" resets the option to the client’s default */
                            options: {
                                [key: string]: string;
                            };
                            /** @description Changes with the options; devices echo it as modified_at */
                            revision: number;
                            /** @description Devices that name it themselves */
                            device_count: number;
                            user_count: number;
                            device_group_count: number;
                            /** @description Devices it reaches: its own, their owners’ and groups’, by priority, and as the default */
                            applied_count: number;
                            /** @description milliseconds since the epoch */
                            created_at: number;
                            updated_at: number;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/admin/strategies/{id}/targets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The devices, users and device groups that name this strategy themselves */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            devices: string[];
                            users: string[];
                            device_groups: string[];
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            code?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: never;
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
