package io.hsmgateway.templates;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The naming rule: which params name fills which place, derived once from Meta's components or a hand-written template. */
class TemplateLayoutsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyKindOfVariableGetsOneUnambiguousName() throws Exception {
        TemplateLayout layout = TemplateLayouts.fromComponents(JSON.readTree("""
                [{"type":"HEADER","format":"TEXT","text":"Turno {{1}}"},
                 {"type":"LIMITED_TIME_OFFER","limited_time_offer":{"text":"Hoy","has_expiration":true}},
                 {"type":"BODY","text":"{{2}} y {{1}}, otra vez {{1}}"},
                 {"type":"FOOTER","text":"Pie"},
                 {"type":"BUTTONS","buttons":[{"type":"COPY_CODE","example":"X"},{"type":"URL","text":"Ir","url":"https://x.example/{{1}}"},
                   {"type":"URL","text":"Fijo","url":"https://x.example/"},{"type":"PHONE_NUMBER","text":"Tel","phone_number":"+1"},
                   {"type":"QUICK_REPLY","text":"Sí"},{"type":"FLOW","text":"Flujo","flow_id":"1"}]}]"""), "POSITIONAL", "MARKETING");

        assertThat(layout.params().keySet())
                .containsExactly("header.1", "1", "2", "offer.expiration_time_ms", "button.0", "button.1", "button.4", "button.5");
        assertThat(layout.slots(SlotKind.BODY_TEXT)).extracting(Slot::param).containsExactly("1", "2"); // {{1}} before {{2}}
        assertThat(layout.requires("button.4")).isFalse();
        assertThat(layout.requires("button.5")).isFalse();
        assertThat(layout.requires("button.1")).isTrue();
        assertThat(layout.unsupported()).isNull();
        assertThat(layout.header()).isEqualTo(TemplateType.TEXT);
    }

    @Test
    void namedTemplatesSendParameterNames() throws Exception {
        TemplateLayout layout = TemplateLayouts.fromComponents(JSON.readTree("""
                [{"type":"HEADER","format":"TEXT","text":"Pedido {{order}}"},{"type":"BODY","text":"Hola {{first_name}}"},
                 {"type":"BUTTONS","buttons":[{"type":"URL","text":"Ir","url":"https://x.example/{{customer_name}}"}]}]"""),
                "NAMED", "UTILITY");

        assertThat(layout.slots()).extracting(Slot::param, Slot::parameterName).containsExactly(
                org.assertj.core.groups.Tuple.tuple("header.order", "order"),
                org.assertj.core.groups.Tuple.tuple("first_name", "first_name"),
                org.assertj.core.groups.Tuple.tuple("button.0", "customer_name"));
    }

    /** WhatsApp turns an OTP button into a URL button on www.whatsapp.com/otp: either way the code is "1", twice. */
    @Test
    void anAuthenticationCodeFillsBodyAndButton() throws Exception {
        for (String button : List.of("{\"type\":\"OTP\",\"otp_type\":\"ZERO_TAP\",\"text\":\"Copiar\"}",
                "{\"type\":\"URL\",\"text\":\"Copiar\",\"url\":\"https://www.whatsapp.com/otp/code/?otp_type=COPY_CODE&code=otp{{1}}\"}")) {
            TemplateLayout layout = TemplateLayouts.fromComponents(JSON.readTree("""
                    [{"type":"BODY","add_security_recommendation":true},{"type":"BUTTONS","buttons":[%s]}]""".formatted(button)),
                    null, "AUTHENTICATION");
            assertThat(layout.params()).containsOnlyKeys("1");
            assertThat(layout.params().get("1")).extracting(Slot::kind).containsExactly(SlotKind.BODY_TEXT, SlotKind.OTP_CODE);
        }
    }

    @Test
    void whatTheGatewayCannotSendIsNamed() throws Exception {
        TemplateLayout layout = TemplateLayouts.fromComponents(JSON.readTree("""
                [{"type":"HEADER","format":"GIF"},{"type":"BODY","text":"x"},{"type":"CAROUSEL","cards":[]},
                 {"type":"BUTTONS","buttons":[{"type":"MPM","text":"Ver"}]}]"""), "POSITIONAL", "MARKETING");

        assertThat(layout.unsupported()).isEqualTo("a GIF header, a CAROUSEL component, a MPM button");
    }

    @Test
    void handWrittenTemplatesKeepTheirVariables() {
        assertThat(TemplateLayouts.handWritten(TemplateType.IMAGE, List.of("2", "1")).slots())
                .extracting(Slot::param, Slot::parameterName)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("1", null), org.assertj.core.groups.Tuple.tuple("2", null));
        assertThat(TemplateLayouts.handWritten(TemplateType.TEXT, List.of("name", "order")).slots())
                .extracting(Slot::param).containsExactly("name", "order");
    }
}
