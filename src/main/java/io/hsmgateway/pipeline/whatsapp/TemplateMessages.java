package io.hsmgateway.pipeline.whatsapp;

import io.hsmgateway.Hsm;
import io.hsmgateway.pipeline.NotificationRequest;
import io.hsmgateway.pipeline.Template;
import io.hsmgateway.pipeline.media.ResolvedMedia;
import io.hsmgateway.pipeline.whatsapp.TemplateMessage.Component;
import io.hsmgateway.pipeline.whatsapp.TemplateMessage.Media;
import io.hsmgateway.pipeline.whatsapp.TemplateMessage.Parameter;
import org.apache.camel.ExchangeProperty;

import java.util.ArrayList;
import java.util.List;

/** Builds the Cloud API message for each template type: one method per branch of the pipeline's choice. */
public class TemplateMessages {

    public static final String BEAN_NAME = "templateMessages";

    public TemplateMessage text(@ExchangeProperty(Hsm.REQUEST) NotificationRequest request,
                                @ExchangeProperty(Hsm.TEMPLATE) Template template) {
        return message(request, template, null);
    }

    public TemplateMessage image(@ExchangeProperty(Hsm.REQUEST) NotificationRequest request,
                                 @ExchangeProperty(Hsm.TEMPLATE) Template template,
                                 @ExchangeProperty(Hsm.MEDIA) ResolvedMedia media) {
        return message(request, template, header("image", new Media(media.link(), null)));
    }

    public TemplateMessage video(@ExchangeProperty(Hsm.REQUEST) NotificationRequest request,
                                 @ExchangeProperty(Hsm.TEMPLATE) Template template,
                                 @ExchangeProperty(Hsm.MEDIA) ResolvedMedia media) {
        return message(request, template, header("video", new Media(media.link(), null)));
    }

    /** Only documents carry a filename: the Cloud API shows it as the attachment's name. */
    public TemplateMessage document(@ExchangeProperty(Hsm.REQUEST) NotificationRequest request,
                                    @ExchangeProperty(Hsm.TEMPLATE) Template template,
                                    @ExchangeProperty(Hsm.MEDIA) ResolvedMedia media) {
        return message(request, template, header("document", new Media(media.link(), media.filename())));
    }

    private static Component header(String mediaType, Media media) {
        return new Component("header", List.of(Parameter.media(mediaType, media)));
    }

    private static TemplateMessage message(NotificationRequest request, Template template, Component header) {
        List<Component> components = new ArrayList<>(2);
        if (header != null) {
            components.add(header);
        }
        if (!template.variables().isEmpty()) {
            boolean positional = template.positional();
            List<Parameter> parameters = new ArrayList<>(template.variables().size());
            for (String variable : template.variables()) {
                String value = request.getParams().get(variable);
                parameters.add(Parameter.text(positional ? null : variable, value));
            }
            components.add(new Component("body", parameters));
        }
        return new TemplateMessage(request.getDestination(), new TemplateMessage.Body(
                template.name(), new TemplateMessage.Language(template.language()), components));
    }
}
