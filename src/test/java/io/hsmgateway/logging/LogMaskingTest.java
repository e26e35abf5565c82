package io.hsmgateway.logging;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Lines as the gateway and its libraries really wrote them at DEBUG and TRACE before masking. */
class LogMaskingTest {

    @Test
    void masksBearerTokensInHeaderAndWireDumps() {
        assertThat(LogMasking.mask("http-outgoing-0 >> Authorization: Bearer EAAGm0PX4ZCpsBAKZ"))
                .isEqualTo("http-outgoing-0 >> Authorization: Bearer ****");
        assertThat(LogMasking.mask("http-outgoing-0 >> \"Authorization: Bearer EAAGm0PX4ZCpsBAKZ[\\r][\\n]\""))
                .doesNotContain("EAAGm0PX4ZCpsBAKZ");
        assertThat(LogMasking.mask("Setting bean invocation result : Bearer sandbox-access-token"))
                .doesNotContain("sandbox-access-token");
    }

    @Test
    void masksApiKeysAdminTokensAndPasswordsWhereverTheyAppear() {
        assertThat(LogMasking.mask("Parameter #1 evaluated as: hsm_kalMwryKJ8TkueS0klzhRqhyacHz1PJ6Q_Ude2I-pUw type: class java.lang.String"))
                .isEqualTo("Parameter #1 evaluated as: hsm_**** type: class java.lang.String");
        assertThat(LogMasking.mask("Found an OS environment property: hsm.admin.token with value: adm1nT0kenSecretXYZ to be used."))
                .isEqualTo("Found an OS environment property: hsm.admin.token with value: **** to be used.");
        assertThat(LogMasking.mask("Parsed uri hsm.admin.token -> adm1nT0kenSecretXYZ")).doesNotContain("adm1nT0ken");
        assertThat(LogMasking.mask("TypedProperties[websiteId=shop, apikey=my-own-key-42]"))
                .isEqualTo("TypedProperties[websiteId=shop, apikey=****]");
        assertThat(LogMasking.mask("{\"accessToken\":\"EAAB123\",\"name\":\"Shop\"}"))
                .isEqualTo("{\"accessToken\":\"****\",\"name\":\"Shop\"}");
        assertThat(LogMasking.mask("hsm.jms.password = s3cr3t")).isEqualTo("hsm.jms.password = ****");
        assertThat(LogMasking.mask("Found an OS environment property: hsm.secrets.key with value: q83vEjRWeJq8 to be used."))
                .doesNotContain("q83vEjRWeJq8");
        assertThat(LogMasking.mask("HSM_SECRETS_KEY=q83vEjRWeJq8")).isEqualTo("HSM_SECRETS_KEY=****");
    }

    @Test
    void masksPhoneNumbersButKeepsTheirLastDigits() {
        assertThat(LogMasking.mask("{\"to\":\"5491155551234\",\"type\":\"template\"}"))
                .isEqualTo("{\"to\":\"****234\",\"type\":\"template\"}");
        assertThat(LogMasking.mask("TemplateMessage[to=+5491155551234, template=x]"))
                .isEqualTo("TemplateMessage[to=****234, template=x]");
    }

    @Test
    void masksTemplateParameters() {
        assertThat(LogMasking.mask("{\"templateId\":7,\"destination\":\"5491155551234\",\"params\":{\"name\":\"Zorbatron\",\"city\":\"Rosario\"}}"))
                .doesNotContain("Zorbatron").doesNotContain("Rosario").contains("\"templateId\":7");
        assertThat(LogMasking.mask("[{\"type\":\"text\",\"parameter_name\":\"name\",\"text\":\"Zor \\\"the\\\" batron\"}]"))
                .isEqualTo("[{\"type\":\"text\",\"parameter_name\":\"name\",\"text\":\"****\"}]");
        assertThat(LogMasking.mask("Parameter[type=text, parameterName=name, text=Zorbatron], Parameter[type=text, text=Rosario]"))
                .doesNotContain("Zorbatron").doesNotContain("Rosario");
    }

    @Test
    void masksWebhookAndCallbackSecretsAndSignatures() {
        assertThat(LogMasking.mask("Found an OS environment property: hsm.whatsapp.app-secret with value: 9f8e7d6c5b4a39281706 to be used."))
                .isEqualTo("Found an OS environment property: hsm.whatsapp.app-secret with value: **** to be used.");
        assertThat(LogMasking.mask("HSM_WHATSAPP_APP_SECRET=9f8e7d6c5b4a39281706")).isEqualTo("HSM_WHATSAPP_APP_SECRET=****");
        assertThat(LogMasking.mask("hsm.whatsapp.webhook.verify-token = vErIfY-me-42")).isEqualTo("hsm.whatsapp.webhook.verify-token = ****");
        assertThat(LogMasking.mask("GET /webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=vErIfY-me-42&hub.challenge=1158201444"))
                .doesNotContain("vErIfY-me-42");
        String signature = "sha256=" + "3f2a9c0b7d1e5f4a".repeat(4);
        assertThat(LogMasking.mask("X-Hub-Signature-256: " + signature)).doesNotContain(signature.substring(7, 30));
        assertThat(LogMasking.mask("{X-Hsm-Signature-256=" + signature + ", X-Hsm-Callback-Id=42}"))
                .doesNotContain(signature.substring(7, 30)).contains("X-Hsm-Callback-Id=42");
        assertThat(LogMasking.mask("Webhook refused: signature " + signature + " does not match"))
                .isEqualTo("Webhook refused: signature sha256=**** does not match");
        assertThat(LogMasking.mask("{\"url\":\"https://shop.example/cb\",\"secret\":\"hsmcb_Qw3rTy7u1oP4sDf6gH8jK\"}"))
                .isEqualTo("{\"url\":\"https://shop.example/cb\",\"secret\":\"****\"}");
        assertThat(LogMasking.mask("Callback key hsmcb_Qw3rTy7u1oP4sDf6gH8jK set")).isEqualTo("Callback key hsmcb_**** set");
    }

    @Test
    void leavesWhatIsNotSecretAlone() {
        String line = "Notification 3f0e9a12-1234-4bcd-9e8f-0123456789ab answered SUCCESS in 12 ms from 127.0.0.1:61616 "
                + "at 2026-12-01T03:04:22.825419Z, 1.5 s, route notify-attempt, wamid.HBgMNTQ5MTE1NTU1MTIzNBUCABEYEjA1";
        assertThat(LogMasking.mask(line)).isEqualTo(line);
    }
}
