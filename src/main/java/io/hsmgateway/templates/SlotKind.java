package io.hsmgateway.templates;

/**
 * What a template's variable fills in the Cloud API message: the component it goes in, and for a button the
 * {@code sub_type} Meta wants at send time (an OTP button is sent as a "url" button carrying the code).
 */
public enum SlotKind {
    /** The one variable of a TEXT header: a text parameter. */
    HEADER_TEXT("header", null, "text"),
    /** A body variable: a text, currency or date_time parameter. */
    BODY_TEXT("body", null, "text, currency or date_time"),
    /** A URL button's dynamic suffix (the {{1}} at the end of its URL). */
    URL_SUFFIX("button", "url", "text"),
    /** A quick-reply button's payload, handed back when the customer taps it (optional). */
    QUICK_REPLY_PAYLOAD("button", "quick_reply", "payload"),
    /** A copy-code button's coupon code. */
    COUPON_CODE("button", "copy_code", "coupon_code"),
    /** An authentication template's one-time password button (copy code, one tap, zero tap). */
    OTP_CODE("button", "url", "text"),
    /** A flow button's flow_token (optional). */
    FLOW_TOKEN("button", "flow", "action.flow_token"),
    /** A limited-time offer's expiration, Unix time in milliseconds. */
    OFFER_EXPIRATION("limited_time_offer", null, "limited_time_offer.expiration_time_ms");

    private final String component;
    private final String buttonSubType;
    private final String parameterType;

    SlotKind(String component, String buttonSubType, String parameterType) {
        this.component = component;
        this.buttonSubType = buttonSubType;
        this.parameterType = parameterType;
    }

    /** The Cloud API parameter the value becomes, as the admin API shows it. */
    public String parameterType() {
        return parameterType;
    }

    /** The Cloud API's component type: header, body, button or limited_time_offer. */
    public String component() {
        return component;
    }

    /** The button's sub_type at send time; null for other components. */
    public String buttonSubType() {
        return buttonSubType;
    }
}
